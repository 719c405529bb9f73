namespace FaceSynth.Scores;

/// <summary>
/// Base of the read-only, forward-only wrappers around an inner stream: everything but reading is refused, and
/// disposing disposes the inner stream and whatever else the wrapper was given to own (an archive, a file).
/// </summary>
internal abstract class ForwardReadStream : Stream
{
    private readonly IDisposable[] _owned;

    protected ForwardReadStream(Stream inner, IDisposable[] owned)
    {
        Inner = inner;
        _owned = owned;
    }

    /// <summary>The wrapped stream.</summary>
    protected Stream Inner { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

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
            Inner.Dispose();
            foreach (var d in _owned)
            {
                d.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
