using System.Runtime.InteropServices;

namespace FaceSynth.Vision.Onnx;

/// <summary>A constant tensor (an initializer) for <see cref="OnnxGraphBuilder"/>: float32 or int64 values with a shape.</summary>
public sealed class OnnxTensor
{
    private OnnxTensor(long[] dims, OnnxDataType type, byte[] raw)
    {
        Dims = dims;
        DataType = type;
        RawData = raw;
    }

    /// <summary>The shape.</summary>
    public IReadOnlyList<long> Dims { get; }

    /// <summary>The element type.</summary>
    public OnnxDataType DataType { get; }

    /// <summary>Little-endian element bytes (ONNX <c>raw_data</c>).</summary>
    public byte[] RawData { get; }

    /// <summary>A float32 tensor of shape <paramref name="dims"/> holding <paramref name="values"/> (row-major).</summary>
    public static OnnxTensor Float(ReadOnlySpan<float> values, params long[] dims)
    {
        CheckCount(values.Length, dims);
        return new OnnxTensor(dims, OnnxDataType.Float, MemoryMarshal.AsBytes(values).ToArray());
    }

    /// <summary>An int64 tensor of shape <paramref name="dims"/> holding <paramref name="values"/> (row-major).</summary>
    public static OnnxTensor Int64(ReadOnlySpan<long> values, params long[] dims)
    {
        CheckCount(values.Length, dims);
        return new OnnxTensor(dims, OnnxDataType.Int64, MemoryMarshal.AsBytes(values).ToArray());
    }

    /// <summary>A float32 scalar (rank 0).</summary>
    public static OnnxTensor Scalar(float value) => Float([value]);

    /// <summary>The values of a float32 tensor.</summary>
    public float[] ToFloatArray() => DataType == OnnxDataType.Float
        ? MemoryMarshal.Cast<byte, float>(RawData).ToArray()
        : throw new InvalidOperationException($"tensor is {DataType}, not Float");

    private static void CheckCount(int count, long[] dims)
    {
        long expected = 1;
        foreach (long d in dims)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d);
            expected *= d;
        }

        if (expected != count)
        {
            throw new ArgumentException($"{count} values for shape [{string.Join(", ", dims)}] ({expected} elements)");
        }
    }
}
