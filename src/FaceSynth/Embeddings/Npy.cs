namespace FaceSynth.Embeddings;

/// <summary>
/// Reads NumPy <c>.npy</c> files (versions 1-3, FORMATS.md 2). Every size read from a file is checked
/// against the file length before anything is allocated; malformed files raise
/// <see cref="FaceSynthDataException"/> naming the file and byte offset.
/// </summary>
public static partial class Npy
{
    /// <summary>Reads only the header of <paramref name="path"/>.</summary>
    public static NpyHeader ReadHeader(string path, NpyReadOptions? options = null) =>
        WithFile(path, (fs, source) =>
        {
            var header = NpyReader.ReadHeader(fs, source, options ?? NpyReadOptions.Default);
            NpyReader.CheckDataLength(header, fs.Length - header.DataOffset, source);
            return header;
        });

    /// <summary>Reads any supported array: shape, dtype and typed row-major data (Fortran order is transposed).</summary>
    public static NpyArray Read(string path, NpyReadOptions? options = null) =>
        WithFile(path, (fs, source) => Read(fs, fs.Length, source, options));

    /// <summary>
    /// Reads an array from <paramref name="stream"/> positioned at the magic bytes, whose remaining length
    /// is <paramref name="length"/> bytes (checked against the header before allocating).
    /// </summary>
    public static NpyArray Read(Stream stream, long length, string source, NpyReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Guard(source, () =>
        {
            var header = NpyReader.ReadHeader(stream, source, options ?? NpyReadOptions.Default);
            NpyReader.CheckDataLength(header, length - header.DataOffset, source);
            var data = NpyReader.ReadData(stream, header, source);
            return new NpyArray(data, header.DType, header.Shape);
        });
    }

    /// <summary>
    /// Reads a 2-D numeric array as an N x d float32 <see cref="EmbeddingMatrix"/> (a 1-D array becomes N x 1).
    /// Other numeric types are converted to float32; Fortran order is transposed.
    /// </summary>
    public static EmbeddingMatrix ReadMatrix(string path, NpyReadOptions? options = null) =>
        WithFile(path, (fs, source) =>
        {
            var header = NpyReader.ReadHeader(fs, source, options ?? NpyReadOptions.Default);
            NpyReader.CheckDataLength(header, fs.Length - header.DataOffset, source);
            var (rows, dim) = MatrixShape(header, source);
            var data = NpyReader.ReadConverted<float>(fs, header, source);
            return new EmbeddingMatrix(data, rows, dim);
        });

    /// <summary>
    /// Reads a 1-D numeric array (shape (n,), or (n, 1) / (1, n)) as doubles, streaming from the file into
    /// one array through a small fixed buffer (peak memory about the size of the result).
    /// </summary>
    public static double[] ReadDoubles(string path, NpyReadOptions? options = null) =>
        ReadVector<double>(path, options);

    /// <summary>Reads a 1-D numeric array as float32 (same shape rules as <see cref="ReadDoubles"/>).</summary>
    public static float[] ReadFloats(string path, NpyReadOptions? options = null) =>
        ReadVector<float>(path, options);

    /// <summary>Reads a 1-D integer array as int64 (labels, ids); floats are refused.</summary>
    public static long[] ReadInt64s(string path, NpyReadOptions? options = null) =>
        WithFile(path, (fs, source) =>
        {
            var header = NpyReader.ReadHeader(fs, source, options ?? NpyReadOptions.Default);
            NpyReader.CheckDataLength(header, fs.Length - header.DataOffset, source);
            if (header.DType.Kind is not ('i' or 'u' or 'b') || (header.DType.Kind == 'u' && header.DType.ItemSize == 8))
            {
                throw new FaceSynthDataException(source, $"expected an integer array (<i8, <i4, ...), found {header.DType.Descr}");
            }

            CheckVector(header, source);
            return NpyReader.ReadConverted<long>(fs, header, source);
        });

    /// <summary>Reads a 1-D string array (<c>&lt;U n</c>, or <c>|S n</c> decoded as UTF-8), e.g. labels.</summary>
    public static string[] ReadStrings(string path, NpyReadOptions? options = null)
    {
        var array = Read(path, options);
        if (array.DType.Kind is not ('U' or 'S'))
        {
            throw new FaceSynthDataException(path, $"expected a string array (<U n or |S n), found {array.DType.Descr}");
        }

        CheckVector(new NpyHeader(1, array.DType, false, array.Shape, 0), path);
        try
        {
            return array.ToStrings();
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new FaceSynthDataException(path, "byte strings are not valid UTF-8");
        }
    }

    private static T[] ReadVector<T>(string path, NpyReadOptions? options)
        where T : unmanaged, System.Numerics.INumberBase<T> =>
        WithFile(path, (fs, source) =>
        {
            var header = NpyReader.ReadHeader(fs, source, options ?? NpyReadOptions.Default);
            NpyReader.CheckDataLength(header, fs.Length - header.DataOffset, source);
            CheckVector(header, source);
            if (!header.DType.IsNumeric)
            {
                throw new FaceSynthDataException(source, $"expected a numeric array, found {header.DType.Descr}");
            }

            // A vector has the same element order in C and Fortran layout.
            return NpyReader.ReadConverted<T>(fs, header with { FortranOrder = false }, source);
        });

    private static void CheckVector(NpyHeader header, string source)
    {
        var s = header.Shape;
        bool ok = s.Length == 1 || (s.Length == 2 && (s[0] == 1 || s[1] == 1));
        if (!ok)
        {
            throw new FaceSynthDataException(source, $"expected a 1-D array, found shape {header.ShapeText}");
        }
    }

    internal static (int Rows, int Dim) MatrixShape(NpyHeader header, string source)
    {
        if (!header.DType.IsNumeric)
        {
            throw new FaceSynthDataException(source, $"expected a numeric embedding matrix, found dtype {header.DType.Descr}");
        }

        var s = header.Shape;
        if (s.Length is not (1 or 2))
        {
            throw new FaceSynthDataException(source, $"expected a 2-D embedding matrix (N, d), found shape {header.ShapeText}");
        }

        long rows = s[0];
        long dim = s.Length == 2 ? s[1] : 1;
        if (dim == 0)
        {
            throw new FaceSynthDataException(source, $"embedding dimension is 0 in shape {header.ShapeText}");
        }

        if (rows > int.MaxValue || dim > int.MaxValue || rows * dim > Array.MaxLength)
        {
            throw new FaceSynthDataException(source, $"shape {header.ShapeText} is too large for one matrix");
        }

        return ((int)rows, (int)dim);
    }

    internal static T WithFile<T>(string path, Func<FileStream, string, T> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Guard(path, () =>
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return read(fs, path);
        });
    }

    /// <summary>Turns I/O and decoding failures into <see cref="FaceSynthDataException"/> naming the source.</summary>
    internal static T Guard<T>(string source, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (FaceSynthDataException)
        {
            throw;
        }
        catch (FileNotFoundException)
        {
            throw new FaceSynthDataException(source, "file not found");
        }
        catch (DirectoryNotFoundException)
        {
            throw new FaceSynthDataException(source, "folder not found");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or OverflowException)
        {
            throw new FaceSynthDataException(source, e.Message, e);
        }
    }
}
