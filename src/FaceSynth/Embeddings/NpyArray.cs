namespace FaceSynth.Embeddings;

/// <summary>
/// An n-dimensional array read from or written to an <c>.npy</c> file: shape, element type and the
/// elements in row-major (C) order in a typed .NET array (<see cref="NpyDType.ClrType"/>: <c>float[]</c>,
/// <c>double[]</c>, <c>Half[]</c>, <c>long[]</c>, ..., <c>bool[]</c>, <c>string[]</c> for <c>&lt;U</c>,
/// <c>byte[][]</c> for <c>|S</c>).
/// </summary>
public sealed class NpyArray
{
    /// <summary>Wraps <paramref name="data"/> (row-major) with the given dtype and shape, without copying.</summary>
    public NpyArray(Array data, NpyDType dtype, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(dtype);
        ArgumentNullException.ThrowIfNull(shape);
        if (data.Rank != 1 || data.GetType().GetElementType() != dtype.ClrType)
        {
            throw new ArgumentException($"data is {data.GetType().Name}, dtype {dtype.Descr} needs {dtype.ClrType.Name}[]", nameof(data));
        }

        long count = 1;
        foreach (long d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count = checked(count * d);
        }

        if (count != data.LongLength)
        {
            throw new ArgumentException($"shape {NpyHeader.FormatShape(shape)} holds {count} elements, data has {data.LongLength}", nameof(shape));
        }

        Data = data;
        DType = dtype;
        Shape = (long[])shape.Clone();
    }

    /// <summary>Dimensions (empty for a 0-d array).</summary>
    public long[] Shape { get; }

    /// <summary>Element type.</summary>
    public NpyDType DType { get; }

    /// <summary>The elements, row-major, as a one-dimensional typed array.</summary>
    public Array Data { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>Number of elements.</summary>
    public long Count => Data.LongLength;

    /// <summary>Creates a 1-D (or reshaped) float32 array.</summary>
    public static NpyArray FromFloats(float[] data, params long[] shape) => new(data, NpyDType.Float32, Default(shape, data.Length));

    /// <summary>Creates a 1-D (or reshaped) float64 array.</summary>
    public static NpyArray FromDoubles(double[] data, params long[] shape) => new(data, NpyDType.Float64, Default(shape, data.Length));

    /// <summary>Creates a 1-D (or reshaped) int32 array.</summary>
    public static NpyArray FromInt32(int[] data, params long[] shape) => new(data, NpyDType.Int32, Default(shape, data.Length));

    /// <summary>Creates a 1-D (or reshaped) int64 array.</summary>
    public static NpyArray FromInt64(long[] data, params long[] shape) => new(data, NpyDType.Int64, Default(shape, data.Length));

    /// <summary>Creates a 1-D (or reshaped) bool array.</summary>
    public static NpyArray FromBools(bool[] data, params long[] shape) => new(data, NpyDType.Bool, Default(shape, data.Length));

    /// <summary>
    /// Creates a 1-D <c>&lt;U n</c> string array where n is the longest string in code points (at least 1),
    /// as <c>numpy.array(list_of_str)</c> does. Strings must not contain NUL (numpy strips trailing NULs).
    /// </summary>
    public static NpyArray FromStrings(string[] data, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        int width = 1;
        foreach (var s in data)
        {
            ArgumentNullException.ThrowIfNull(s, nameof(data));
            int n = 0;
            foreach (var rune in s.EnumerateRunes())
            {
                _ = rune;
                n++;
            }

            width = Math.Max(width, n);
        }

        return new NpyArray(data, NpyDType.Unicode(width), Default(shape, data.Length));
    }

    /// <summary>The elements as <typeparamref name="T"/>[] (no copy); throws if the element type differs.</summary>
    public T[] As<T>() => Data as T[] ?? throw new InvalidOperationException($"array holds {DType.Descr} ({DType.ClrType.Name}), not {typeof(T).Name}");

    /// <summary>The elements converted to double (numeric dtypes only; a copy).</summary>
    public double[] ToDoubles()
    {
        var result = new double[Data.LongLength];
        switch (Data)
        {
            case double[] d: d.CopyTo(result, 0); break;
            case float[] a: Convert(a, result, static v => v); break;
            case Half[] a: Convert(a, result, static v => (double)v); break;
            case sbyte[] a: Convert(a, result, static v => v); break;
            case short[] a: Convert(a, result, static v => v); break;
            case int[] a: Convert(a, result, static v => v); break;
            case long[] a: Convert(a, result, static v => v); break;
            case byte[] a: Convert(a, result, static v => v); break;
            case ushort[] a: Convert(a, result, static v => v); break;
            case uint[] a: Convert(a, result, static v => v); break;
            case ulong[] a: Convert(a, result, static v => v); break;
            case bool[] a: Convert(a, result, static v => v ? 1 : 0); break;
            default: throw new InvalidOperationException($"dtype {DType.Descr} is not numeric");
        }

        return result;
    }

    /// <summary>The elements converted to float (numeric dtypes only; a copy unless already float32).</summary>
    public float[] ToFloats()
    {
        if (Data is float[] f)
        {
            return (float[])f.Clone();
        }

        var d = ToDoubles();
        var result = new float[d.Length];
        for (long i = 0; i < d.LongLength; i++)
        {
            result[i] = (float)d[i];
        }

        return result;
    }

    /// <summary>The elements as strings (<c>&lt;U</c>, or <c>|S</c> decoded as UTF-8; a copy).</summary>
    public string[] ToStrings() => Data switch
    {
        string[] s => (string[])s.Clone(),
        byte[][] b => Array.ConvertAll(b, static x => System.Text.Encoding.UTF8.GetString(x)),
        _ => throw new InvalidOperationException($"dtype {DType.Descr} is not a string type"),
    };

    private static void Convert<T>(T[] source, double[] target, Func<T, double> f)
    {
        for (long i = 0; i < source.LongLength; i++)
        {
            target[i] = f(source[i]);
        }
    }

    private static long[] Default(long[]? shape, int length) => shape is null || shape.Length == 0 ? [length] : shape;
}
