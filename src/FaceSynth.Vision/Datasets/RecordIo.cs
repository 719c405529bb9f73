using System.Buffers.Binary;

namespace FaceSynth.Vision.Datasets;

/// <summary>MXNet RecordIO framing constants and the image-record header (FORMATS.md 5).</summary>
public static class RecordIo
{
    /// <summary>The magic word that starts every record piece.</summary>
    public const uint Magic = 0xCED7230A;

    /// <summary>Largest payload a record can hold (29 length bits).</summary>
    public const int MaxRecordLength = (1 << 29) - 1;

    /// <summary>Builds an image-record payload: IRHeader (flag, label, id, id2), the optional label vector, then the encoded image.</summary>
    public static byte[] PackImage(float label, ReadOnlySpan<byte> encodedImage, ulong id = 0, ulong id2 = 0, ReadOnlySpan<float> labelVector = default)
    {
        var payload = new byte[24 + (labelVector.Length * 4) + encodedImage.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)labelVector.Length);
        BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(4), labelVector.Length > 0 ? 0f : label);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(8), id);
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(16), id2);
        for (int i = 0; i < labelVector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(24 + (4 * i)), labelVector[i]);
        }

        encodedImage.CopyTo(payload.AsSpan(24 + (labelVector.Length * 4)));
        return payload;
    }

    /// <summary>Parses an image-record payload; <paramref name="source"/> and <paramref name="offset"/> locate it in errors.</summary>
    public static ImageRecord UnpackImage(byte[] payload, string source, long offset)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length < 24)
        {
            throw FaceSynthDataException.AtOffset(source, offset, $"image record of {payload.Length} bytes is shorter than its 24-byte header");
        }

        uint flag = BinaryPrimitives.ReadUInt32LittleEndian(payload);
        if (flag > (payload.Length - 24) / 4)
        {
            throw FaceSynthDataException.AtOffset(source, offset, $"image record declares {flag} labels, more than its {payload.Length} bytes can hold");
        }

        var labels = new float[flag];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = BinaryPrimitives.ReadSingleLittleEndian(payload.AsSpan(24 + (4 * i)));
        }

        int start = 24 + ((int)flag * 4);
        return new ImageRecord(
            BinaryPrimitives.ReadSingleLittleEndian(payload.AsSpan(4)),
            labels,
            BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(8)),
            BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(16)),
            payload.AsMemory(start));
    }
}

/// <summary>A parsed RecordIO image record.</summary>
/// <param name="Label">The scalar label (meaningful when <see cref="LabelVector"/> is empty).</param>
/// <param name="LabelVector">The label vector (IRHeader flag > 0).</param>
/// <param name="Id">IRHeader id.</param>
/// <param name="Id2">IRHeader id2.</param>
/// <param name="Image">Encoded image bytes (may be empty).</param>
public sealed record ImageRecord(float Label, float[] LabelVector, ulong Id, ulong Id2, ReadOnlyMemory<byte> Image)
{
    /// <summary>Class label by insightface's rule: the scalar label when flag is 0, else the first label-vector entry.</summary>
    public int ClassLabel => LabelVector.Length == 0 ? (int)Label : (int)LabelVector[0];
}
