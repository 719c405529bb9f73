using System.Buffers.Binary;
using System.Text;

namespace FaceSynth.Vision.Onnx;

/// <summary>
/// A bounds-checked protobuf wire-format reader over a byte span: enough to walk onnx.proto messages
/// without copying initializer payloads. Errors name the source and byte offset.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _source;
    private readonly long _base;
    private int _pos;

    public ProtoReader(ReadOnlySpan<byte> data, string source, long baseOffset = 0)
    {
        _data = data;
        _source = source;
        _base = baseOffset;
        _pos = 0;
    }

    public readonly bool End => _pos >= _data.Length;

    public readonly long Offset => _base + _pos;

    /// <summary>Reads a field key; returns (field number, wire type).</summary>
    public (int Field, int Wire) ReadKey()
    {
        long at = Offset;
        ulong key = ReadVarint();
        int field = (int)(key >> 3);
        int wire = (int)(key & 7);
        if (field <= 0 || wire is 3 or 4 or 6 or 7)
        {
            throw FaceSynthDataException.AtOffset(_source, at, $"not a protobuf message (field {field}, wire type {wire}); expected an ONNX ModelProto");
        }

        return (field, wire);
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _data.Length)
            {
                throw FaceSynthDataException.AtOffset(_source, Offset, "truncated varint");
            }

            byte b = _data[_pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw FaceSynthDataException.AtOffset(_source, Offset, "varint longer than 10 bytes");
    }

    /// <summary>A length-delimited field's payload; <paramref name="start"/> is its absolute offset.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited(out long start)
    {
        long at = Offset;
        ulong len = ReadVarint();
        if (len > (ulong)(_data.Length - _pos))
        {
            throw FaceSynthDataException.AtOffset(_source, at, $"length {len} runs past the end of the data ({_data.Length - _pos} bytes left)");
        }

        start = Offset;
        var slice = _data.Slice(_pos, (int)len);
        _pos += (int)len;
        return slice;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadLengthDelimited(out _));

    public void Skip(int wire)
    {
        switch (wire)
        {
            case 0: ReadVarint(); break;
            case 1: Advance(8); break;
            case 2: ReadLengthDelimited(out _); break;
            case 5: Advance(4); break;
            default: throw FaceSynthDataException.AtOffset(_source, Offset, $"unsupported wire type {wire}");
        }
    }

    public float ReadFixed32Float()
    {
        long at = Offset;
        Advance(4);
        return BinaryPrimitives.ReadSingleLittleEndian(_data.Slice((int)(at - _base), 4));
    }

    private void Advance(int n)
    {
        if (_data.Length - _pos < n)
        {
            throw FaceSynthDataException.AtOffset(_source, Offset, $"truncated field ({n} bytes expected)");
        }

        _pos += n;
    }
}
