using Google.Protobuf;

namespace FaceSynth.Vision.Onnx;

/// <summary>
/// Writes protobuf fields by number with Google.Protobuf's encoder; nested messages are
/// encoded into their own buffer first because the wire format needs their length up front.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _buffer = new();
    private readonly CodedOutputStream _out;

    public ProtoWriter()
    {
        _out = new CodedOutputStream(_buffer, leaveOpen: true);
    }

    public void Int64(int field, long value)
    {
        _out.WriteTag(field, WireFormat.WireType.Varint);
        _out.WriteInt64(value);
    }

    public void Int32(int field, int value)
    {
        _out.WriteTag(field, WireFormat.WireType.Varint);
        _out.WriteInt32(value);
    }

    public void Float(int field, float value)
    {
        _out.WriteTag(field, WireFormat.WireType.Fixed32);
        _out.WriteFloat(value);
    }

    public void String(int field, string value)
    {
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteString(value);
    }

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteBytes(ByteString.CopyFrom(value));
    }

    public void PackedInt64(int field, IReadOnlyList<long> values)
    {
        var inner = new ProtoWriter();
        foreach (long v in values)
        {
            inner._out.WriteInt64(v);
        }

        Bytes(field, inner.ToArray());
    }

    public void PackedFloat(int field, IReadOnlyList<float> values)
    {
        var inner = new ProtoWriter();
        foreach (float v in values)
        {
            inner._out.WriteFloat(v);
        }

        Bytes(field, inner.ToArray());
    }

    public void Message(int field, Action<ProtoWriter> write)
    {
        var inner = new ProtoWriter();
        write(inner);
        Bytes(field, inner.ToArray());
    }

    public byte[] ToArray()
    {
        _out.Flush();
        return _buffer.ToArray();
    }
}
