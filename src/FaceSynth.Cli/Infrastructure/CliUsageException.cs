namespace FaceSynth.Cli.Infrastructure;

/// <summary>
/// An invalid combination or value of command-line options that the parser cannot detect on its own
/// (for example <c>--genuine</c> without <c>--impostor</c>). Mapped to exit code 2.
/// </summary>
public sealed class CliUsageException : Exception
{
    /// <summary>Creates the exception with a message that tells the user what to change.</summary>
    public CliUsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an empty message (prefer the message overload).</summary>
    public CliUsageException()
        : base("invalid command line")
    {
    }

    /// <summary>Creates the exception wrapping <paramref name="inner"/>.</summary>
    public CliUsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
