using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace FaceSynth.Embeddings;

/// <summary>
/// Stream-level <c>.npy</c> decoding shared by <see cref="Npy"/> and <see cref="Npz"/>. The caller checks
/// the promised data length against what the file holds (<see cref="CheckDataLength"/>) before any
/// array is allocated.
/// </summary>
internal static class NpyReader
{
    private const int ChunkBytes = 1 << 16;
    private const long ParallelReadBytes = 1L << 26;
    private const long MaxZeroWidthElements = 1 << 20;
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads the preamble and header; leaves the stream at the first data byte.</summary>
    public static NpyHeader ReadHeader(Stream stream, string source, NpyReadOptions options)
    {
        Span<byte> pre = stackalloc byte[12];
        int got = stream.ReadAtLeast(pre[..10], 10, throwOnEndOfStream: false);
        if (got < 8 || !pre[..6].SequenceEqual(Magic))
        {
            throw FaceSynthDataException.AtOffset(source, 0, "not a NumPy .npy file (expected the magic bytes \\x93NUMPY)");
        }

        int major = pre[6];
        if (major is < 1 or > 3 || pre[7] != 0)
        {
            throw FaceSynthDataException.AtOffset(source, 6, $"unsupported .npy format version {pre[6]}.{pre[7]} (expected 1.0, 2.0 or 3.0)");
        }

        if (got < 10)
        {
            throw FaceSynthDataException.AtOffset(source, got, "file ends inside the .npy preamble");
        }

        long headerLength;
        int prefix;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(pre[8..10]);
            prefix = 10;
        }
        else
        {
            if (stream.ReadAtLeast(pre[10..12], 2, throwOnEndOfStream: false) < 2)
            {
                throw FaceSynthDataException.AtOffset(source, 10, "file ends inside the .npy preamble");
            }

            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(pre[8..12]);
            prefix = 12;
        }

        if (headerLength > options.MaxHeaderBytes)
        {
            throw FaceSynthDataException.AtOffset(source, 8, $"header length {headerLength} bytes exceeds the limit of {options.MaxHeaderBytes} bytes");
        }

        var headerBytes = new byte[headerLength];
        int read = stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false);
        if (read < headerBytes.Length)
        {
            throw FaceSynthDataException.AtOffset(source, prefix + read, $"file ends inside the .npy header (header length says {headerLength} bytes)");
        }

        string text;
        if (major == 3)
        {
            try
            {
                text = new UTF8Encoding(false, true).GetString(headerBytes);
            }
            catch (DecoderFallbackException)
            {
                throw FaceSynthDataException.AtOffset(source, prefix, "version 3 header is not valid UTF-8");
            }
        }
        else
        {
            text = Encoding.Latin1.GetString(headerBytes);
        }

        var (descr, fortran, shape) = NpyHeaderParser.Parse(text, source, prefix);
        var dtype = NpyDType.Parse(descr, source);
        return new NpyHeader(major, dtype, fortran, shape, prefix + headerLength);
    }

    /// <summary>Checks that exactly <paramref name="available"/> data bytes match what the header promises.</summary>
    public static void CheckDataLength(NpyHeader header, long available, string source)
    {
        long count = 1;
        foreach (long d in header.Shape)
        {
            if (d != 0 && count > long.MaxValue / d)
            {
                throw FaceSynthDataException.AtOffset(source, 0, $"shape {header.ShapeText} has more elements than can be addressed");
            }

            count *= d;
        }

        if (header.DType.ItemSize != 0 && count > long.MaxValue / header.DType.ItemSize)
        {
            throw FaceSynthDataException.AtOffset(source, 0, $"shape {header.ShapeText} of {header.DType.Descr} needs more bytes than can be addressed");
        }

        long needed = count * header.DType.ItemSize;
        if (needed != available)
        {
            throw FaceSynthDataException.AtOffset(
                source,
                header.DataOffset,
                $"header promises shape {header.ShapeText} of {header.DType.Descr} = {needed} data bytes, but the file holds {available} data bytes{(available < needed ? " (truncated?)" : " (trailing bytes)")}");
        }

        // Zero-width strings (<U0, |S0) take no file bytes, so the file length cannot bound their count.
        if (header.DType.ItemSize == 0 && count > MaxZeroWidthElements)
        {
            throw FaceSynthDataException.AtOffset(source, 0, $"shape {header.ShapeText} of zero-width {header.DType.Descr} elements is refused (more than {MaxZeroWidthElements} elements)");
        }

        if (count > Array.MaxLength)
        {
            throw FaceSynthDataException.AtOffset(source, 0, $"shape {header.ShapeText} has {count} elements, more than one .NET array can hold ({Array.MaxLength})");
        }
    }

    /// <summary>Reads all elements into their natural .NET type, row-major.</summary>
    public static Array ReadData(Stream stream, NpyHeader header, string source)
    {
        int count = (int)header.Count;
        var dt = header.DType;
        Array data = (dt.Kind, dt.ItemSize) switch
        {
            ('f', 2) => ReadNative<Half>(stream, header, source, count),
            ('f', 4) => ReadNative<float>(stream, header, source, count),
            ('f', 8) => ReadNative<double>(stream, header, source, count),
            ('i', 1) => ReadNative<sbyte>(stream, header, source, count),
            ('i', 2) => ReadNative<short>(stream, header, source, count),
            ('i', 4) => ReadNative<int>(stream, header, source, count),
            ('i', 8) => ReadNative<long>(stream, header, source, count),
            ('u', 1) => ReadNative<byte>(stream, header, source, count),
            ('u', 2) => ReadNative<ushort>(stream, header, source, count),
            ('u', 4) => ReadNative<uint>(stream, header, source, count),
            ('u', 8) => ReadNative<ulong>(stream, header, source, count),
            ('b', _) => ReadBools(stream, header, source, count),
            ('U', _) => ReadUnicode(stream, header, source, count),
            _ => ReadBytes(stream, header, source, count),
        };

        if (header.FortranOrder && header.Shape.Length > 1)
        {
            data = TransposeFortran(data, header.Shape);
        }

        return data;
    }

    /// <summary>Reads a numeric array converted to <typeparamref name="T"/>, streaming through a small buffer.</summary>
    public static T[] ReadConverted<T>(Stream stream, NpyHeader header, string source)
        where T : unmanaged, INumberBase<T>
    {
        if (!header.DType.IsNumeric)
        {
            throw new FaceSynthDataException(source, $"dtype {header.DType.Descr} is not numeric");
        }

        int count = (int)header.Count;
        T[] result;
        if (header.DType.ClrType == typeof(T))
        {
            result = ReadNative<T>(stream, header, source, count);
        }
        else
        {
            result = new T[count];
            int item = header.DType.ItemSize;
            var buffer = new byte[ChunkBytes];
            int perChunk = ChunkBytes / item;
            long offset = header.DataOffset;
            for (int done = 0; done < count;)
            {
                int n = Math.Min(perChunk, count - done);
                var raw = buffer.AsSpan(0, n * item);
                Fill(stream, raw, source, offset);
                Decode(raw, header.DType, result.AsSpan(done, n));
                done += n;
                offset += raw.Length;
            }
        }

        if (header.FortranOrder && header.Shape.Length > 1)
        {
            result = (T[])TransposeFortran(result, header.Shape);
        }

        return result;
    }

    private static T[] ReadNative<T>(Stream stream, NpyHeader header, string source, int count)
        where T : unmanaged
    {
        // Every element is overwritten by the read (or the read fails), so zeroing first would only touch the pages twice.
        var result = GC.AllocateUninitializedArray<T>(count);
        int size = Marshal.SizeOf<T>();
        int perChunk = Math.Max(1, (1 << 24) / size);
        if (stream is FileStream file && (long)count * size >= ParallelReadBytes && stream.Position == header.DataOffset)
        {
            ReadFileParallel(file, result, perChunk, header.DataOffset, source);
        }
        else
        {
            long offset = header.DataOffset;
            for (int done = 0; done < count;)
            {
                int n = Math.Min(perChunk, count - done);
                var bytes = MemoryMarshal.AsBytes(result.AsSpan(done, n));
                Fill(stream, bytes, source, offset);
                done += n;
                offset += bytes.Length;
            }
        }

        if (header.DType.BigEndian == BitConverter.IsLittleEndian && size > 1)
        {
            SwapInPlace(MemoryMarshal.AsBytes(result.AsSpan()), size, count);
        }

        return result;
    }

    private static void SwapInPlace(Span<byte> bytes, int size, int count)
    {
        switch (size)
        {
            case 2:
                var s = MemoryMarshal.Cast<byte, ushort>(bytes);
                BinaryPrimitives.ReverseEndianness(s, s);
                break;
            case 4:
                var i = MemoryMarshal.Cast<byte, uint>(bytes);
                BinaryPrimitives.ReverseEndianness(i, i);
                break;
            default:
                for (int k = 0; k < count; k++)
                {
                    bytes.Slice(k * size, size).Reverse();
                }

                break;
        }
    }

    private static bool[] ReadBools(Stream stream, NpyHeader header, string source, int count)
    {
        var result = new bool[count];
        var buffer = new byte[ChunkBytes];
        long offset = header.DataOffset;
        for (int done = 0; done < count;)
        {
            int n = Math.Min(ChunkBytes, count - done);
            Fill(stream, buffer.AsSpan(0, n), source, offset);
            for (int k = 0; k < n; k++)
            {
                result[done + k] = buffer[k] != 0;
            }

            done += n;
            offset += n;
        }

        return result;
    }

    private static string[] ReadUnicode(Stream stream, NpyHeader header, string source, int count)
    {
        var result = new string[count];
        int item = header.DType.ItemSize;
        var encoding = new UTF32Encoding(header.DType.BigEndian, false, true);
        var buffer = new byte[item];
        long offset = header.DataOffset;
        for (int k = 0; k < count; k++)
        {
            Fill(stream, buffer, source, offset);
            int len = item;
            while (len >= 4 && buffer.AsSpan(len - 4, 4).IndexOfAnyExcept((byte)0) < 0)
            {
                len -= 4;
            }

            try
            {
                result[k] = encoding.GetString(buffer, 0, len);
            }
            catch (DecoderFallbackException)
            {
                throw FaceSynthDataException.AtOffset(source, offset, $"element {k} is not valid UTF-32 text");
            }

            offset += item;
        }

        return result;
    }

    private static byte[][] ReadBytes(Stream stream, NpyHeader header, string source, int count)
    {
        var result = new byte[count][];
        int item = header.DType.ItemSize;
        var buffer = new byte[item];
        long offset = header.DataOffset;
        for (int k = 0; k < count; k++)
        {
            Fill(stream, buffer, source, offset);
            int len = buffer.AsSpan().LastIndexOfAnyExcept((byte)0) + 1;
            result[k] = buffer.AsSpan(0, len).ToArray();
            offset += item;
        }

        return result;
    }

    /// <summary>
    /// Large native reads go chunk by chunk on all cores: from the page cache the copy and the page faults of the
    /// fresh array, not the disk, are the cost, and both scale with threads.
    /// </summary>
    private static void ReadFileParallel<T>(FileStream file, T[] result, int perChunk, long dataOffset, string source)
        where T : unmanaged
    {
        int size = Marshal.SizeOf<T>();
        int chunks = (int)(((long)result.Length + perChunk - 1) / perChunk);
        var handle = file.SafeFileHandle;
        try
        {
            Parallel.For(0, chunks, c => ReadChunk(c));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0 && e.InnerExceptions[0] is FaceSynthDataException or IOException)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        file.Seek(dataOffset + ((long)result.Length * size), SeekOrigin.Begin);

        void ReadChunk(int c)
        {
            int done = c * perChunk;
            int n = Math.Min(perChunk, result.Length - done);
            var bytes = MemoryMarshal.AsBytes(result.AsSpan(done, n));
            long offset = dataOffset + ((long)done * size);
            int got = 0;
            while (got < bytes.Length)
            {
                int r = RandomAccess.Read(handle, bytes[got..], offset + got);
                if (r == 0)
                {
                    throw FaceSynthDataException.AtOffset(source, offset + got, "data ends early (truncated .npy)");
                }

                got += r;
            }
        }
    }

    private static void Fill(Stream stream, Span<byte> target, string source, long offset)
    {
        int got = stream.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
        if (got < target.Length)
        {
            throw FaceSynthDataException.AtOffset(source, offset + got, "data ends early (truncated .npy)");
        }
    }

    private static void Decode<T>(ReadOnlySpan<byte> raw, NpyDType dt, Span<T> dst)
        where T : INumberBase<T>
    {
        bool be = dt.BigEndian;
        switch (dt.Kind, dt.ItemSize)
        {
            case ('f', 2):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = raw.Slice(i * 2, 2);
                    dst[i] = T.CreateTruncating(be ? BinaryPrimitives.ReadHalfBigEndian(s) : BinaryPrimitives.ReadHalfLittleEndian(s));
                }

                break;
            case ('f', 4):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = raw.Slice(i * 4, 4);
                    dst[i] = T.CreateTruncating(be ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s));
                }

                break;
            case ('f', 8):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = raw.Slice(i * 8, 8);
                    dst[i] = T.CreateTruncating(be ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s));
                }

                break;
            case ('i', 1):
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = T.CreateTruncating((sbyte)raw[i]);
                }

                break;
            case ('i', 2):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = raw.Slice(i * 2, 2);
                    dst[i] = T.CreateTruncating(be ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s));
                }

                break;
            case ('i', 4):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = raw.Slice(i * 4, 4);
                    dst[i] = T.CreateTruncating(be ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s));
                }

                break;
            case ('i', 8):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = raw.Slice(i * 8, 8);
                    dst[i] = T.CreateTruncating(be ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s));
                }

                break;
            case ('u', 1):
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = T.CreateTruncating(raw[i]);
                }

                break;
            case ('u', 2):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = raw.Slice(i * 2, 2);
                    dst[i] = T.CreateTruncating(be ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s));
                }

                break;
            case ('u', 4):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = raw.Slice(i * 4, 4);
                    dst[i] = T.CreateTruncating(be ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s));
                }

                break;
            case ('u', 8):
                for (int i = 0; i < dst.Length; i++)
                {
                    var s = raw.Slice(i * 8, 8);
                    dst[i] = T.CreateTruncating(be ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s));
                }

                break;
            case ('b', _):
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = raw[i] != 0 ? T.One : T.Zero;
                }

                break;
            default:
                throw new InvalidOperationException($"dtype {dt.Descr} is not numeric");
        }
    }

    /// <summary>Reorders column-major (first index fastest) elements into row-major order.</summary>
    internal static Array TransposeFortran(Array source, long[] shape)
    {
        var result = Array.CreateInstance(source.GetType().GetElementType()!, source.Length);
        return source switch
        {
            float[] f => Transpose(f, (float[])result, shape),
            double[] d => Transpose(d, (double[])result, shape),
            _ => TransposeAny(source, result, shape),
        };
    }

    private static T[] Transpose<T>(T[] source, T[] target, long[] shape)
    {
        if (shape.Length == 2)
        {
            int rows = (int)shape[0], cols = (int)shape[1];
            for (int j = 0; j < cols; j++)
            {
                int src = j * rows;
                for (int i = 0; i < rows; i++)
                {
                    target[(i * cols) + j] = source[src + i];
                }
            }

            return target;
        }

        foreach (var (from, to) in FortranToC(shape))
        {
            target[to] = source[from];
        }

        return target;
    }

    private static Array TransposeAny(Array source, Array target, long[] shape)
    {
        foreach (var (from, to) in FortranToC(shape))
        {
            target.SetValue(source.GetValue(from), to);
        }

        return target;
    }

    private static IEnumerable<(int From, int To)> FortranToC(long[] shape)
    {
        int rank = shape.Length;
        long total = 1;
        foreach (long d in shape)
        {
            total *= d;
        }

        if (total == 0)
        {
            yield break;
        }

        var cStride = new long[rank];
        long stride = 1;
        for (int k = rank - 1; k >= 0; k--)
        {
            cStride[k] = stride;
            stride *= shape[k];
        }

        var index = new long[rank];
        long to = 0;
        for (long from = 0; from < total; from++)
        {
            yield return ((int)from, (int)to);

            // Odometer over the Fortran order: the first index runs fastest.
            for (int k = 0; k < rank; k++)
            {
                index[k]++;
                to += cStride[k];
                if (index[k] < shape[k])
                {
                    break;
                }

                to -= cStride[k] * shape[k];
                index[k] = 0;
            }
        }
    }
}
