namespace FaceSynth.Scores;

/// <summary>A read-only stream that first returns bytes already peeked from <c>inner</c>, then the rest of it.</summary>
internal sealed class PrefixedStream : ForwardReadStream
{
    private readonly byte[] _prefix;
    private int _prefixPos;

    public PrefixedStream(byte[] prefix, Stream inner, params IDisposable[] owned)
        : base(inner, owned)
    {
        _prefix = prefix;
    }

    public override int Read(Span<byte> buffer)
    {
        if (_prefixPos < _prefix.Length)
        {
            int n = Math.Min(buffer.Length, _prefix.Length - _prefixPos);
            _prefix.AsSpan(_prefixPos, n).CopyTo(buffer);
            _prefixPos += n;
            return n;
        }

        return Inner.Read(buffer);
    }
}
