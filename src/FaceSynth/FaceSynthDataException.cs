namespace FaceSynth;

/// <summary>
/// A problem with a user's input file or data that the user can act on: names the file,
/// the position (line or byte offset) when known, and what was expected.
/// </summary>
public class FaceSynthDataException : Exception
{
    /// <summary>The file (or other source) the problem was found in, if any.</summary>
    public string? Source0 { get; }

    /// <summary>Creates an error about <paramref name="source"/> (a file name or a description of the data).</summary>
    public FaceSynthDataException(string? source, string message, Exception? inner = null)
        : base(source is null ? message : $"{source}: {message}", inner)
    {
        Source0 = source;
    }

    /// <summary>Creates an error about a text line of <paramref name="source"/> (1-based line number).</summary>
    public static FaceSynthDataException AtLine(string source, long line, string message) =>
        new(source, $"line {line}: {message}");

    /// <summary>Creates an error about a byte offset of <paramref name="source"/>.</summary>
    public static FaceSynthDataException AtOffset(string source, long offset, string message) =>
        new(source, $"byte offset {offset}: {message}");
}
