namespace FaceSynth.Scores;

/// <summary>
/// Counts the bytes read from <c>inner</c> and, when it reports its end, checks the count. .NET's
/// GZipStream ends silently on a truncated file and a tar member can end early; without this check a
/// cut archive would read as a shorter valid score file.
/// </summary>
internal sealed class LengthCheckedStream : ForwardReadStream
{
    private readonly Func<long, bool> _isComplete;
    private readonly string _source;
    private readonly string _problem;
    private long _count;

    public LengthCheckedStream(Stream inner, Func<long, bool> isComplete, string source, string problem, params IDisposable[] owned)
        : base(inner, owned)
    {
        _isComplete = isComplete;
        _source = source;
        _problem = problem;
    }

    public override int Read(Span<byte> buffer)
    {
        int n = Inner.Read(buffer);
        _count += n;
        if (n == 0 && buffer.Length > 0 && !_isComplete(_count))
        {
            throw new FaceSynthDataException(_source, $"{_problem} (ended after {_count} bytes)");
        }

        return n;
    }
}
