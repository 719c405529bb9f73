namespace FaceSynth.Embeddings;

/// <summary>Writers: byte-identical to <c>numpy.save</c>, written atomically (temporary file, then move).</summary>
public static partial class Npy
{
    /// <summary>Writes any <see cref="NpyArray"/> (C order).</summary>
    public static void Write(string path, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        AtomicFileWriter.Write(path, fs => NpyWriter.Write(fs, array));
    }

    /// <summary>Writes an embedding matrix as <c>&lt;f4</c> with shape (Rows, Dim).</summary>
    public static void Write(string path, EmbeddingMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        Write(path, new NpyArray(matrix.Data, NpyDType.Float32, matrix.Rows, matrix.Dim));
    }

    /// <summary>Writes a 1-D <c>&lt;f8</c> array (e.g. scores).</summary>
    public static void Write(string path, ReadOnlySpan<double> values)
    {
        var header = NpyWriter.Header(NpyDType.Float64, [values.Length]);
        WriteSpan(path, header, values, NpyDType.Float64);
    }

    /// <summary>
    /// Writes <c>&lt;f4</c> data with the given shape (default: 1-D); the product of <paramref name="shape"/>
    /// must equal the number of values.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<float> values, params long[] shape)
    {
        long[] s = shape is null || shape.Length == 0 ? [values.Length] : shape;
        long count = 1;
        foreach (long d in s)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count = checked(count * d);
        }

        if (count != values.Length)
        {
            throw new ArgumentException($"shape {NpyHeader.FormatShape(s)} holds {count} elements, {values.Length} given", nameof(shape));
        }

        WriteSpan(path, NpyWriter.Header(NpyDType.Float32, s), values, NpyDType.Float32);
    }

    /// <summary>Writes a 1-D <c>&lt;i4</c> array.</summary>
    public static void Write(string path, int[] values) => Write(path, NpyArray.FromInt32(values));

    /// <summary>Writes a 1-D <c>&lt;i8</c> array.</summary>
    public static void Write(string path, long[] values) => Write(path, NpyArray.FromInt64(values));

    /// <summary>Writes a 1-D <c>&lt;U n</c> string array, n = longest string (as <c>numpy.array(list)</c>).</summary>
    public static void Write(string path, string[] values) => Write(path, NpyArray.FromStrings(values));

    private static unsafe void WriteSpan<T>(string path, byte[] header, ReadOnlySpan<T> values, NpyDType dtype)
        where T : unmanaged
    {
        // A span cannot be captured by the writer callback; pin it and pass a pointer instead.
        fixed (T* p = values)
        {
            var ptr = (IntPtr)p;
            int length = values.Length;
            AtomicFileWriter.Write(path, fs =>
            {
                fs.Write(header);
                unsafe
                {
                    NpyWriter.WriteNative(fs, new ReadOnlySpan<T>((void*)ptr, length), dtype);
                }
            });
        }
    }
}
