namespace FaceSynth.Scores;

/// <summary>
/// Counts the bytes read from <c>inner</c> and, when it reports its end, checks the count. .NET's
/// GZipStream ends silently on a truncated file and a tar member can end early; without this check a
/// cut archive would read as a shorter valid score file.
/// </summary>
internal sealed class LengthCheckedStream : Stream
{
    private readonly Stream _inner;
    private readonly Func<long, bool> _isComplete;
    private readonly string _source;
    private readonly string _problem;
    private readonly IDisposable[] _owned;
    private long _count;

    public LengthCheckedStream(Stream inner, Func<long, bool> isComplete, string source, string problem, params IDisposable[] owned)
    {
        _inner = inner;
        _isComplete = isComplete;
        _source = source;
        _problem = problem;
        _owned = owned;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = _inner.Read(buffer);
        _count += n;
        if (n == 0 && buffer.Length > 0 && !_isComplete(_count))
        {
            throw new FaceSynthDataException(_source, $"{_problem} (ended after {_count} bytes)");
        }

        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            foreach (var d in _owned)
            {
                d.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
