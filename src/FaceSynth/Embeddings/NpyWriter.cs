using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace FaceSynth.Embeddings;

/// <summary>
/// Encodes arrays as <c>.npy</c> bytes identical to <c>numpy.save</c> (numpy 1.24 header layout,
/// FORMATS.md 2.3).
/// </summary>
internal static class NpyWriter
{
    private const int GrowthAxisMaxDigits = 21;
    private const int ArrayAlign = 64;

    /// <summary>The complete preamble + padded header for an array of the given type and shape.</summary>
    public static byte[] Header(NpyDType dtype, IReadOnlyList<long> shape, bool fortranOrder = false)
    {
        var sb = new StringBuilder();
        sb.Append("{'descr': '").Append(dtype.Descr).Append("', 'fortran_order': ")
          .Append(fortranOrder ? "True" : "False").Append(", 'shape': ")
          .Append(NpyHeader.FormatShape(shape)).Append(", }");
        if (shape.Count > 0)
        {
            long axis = shape[fortranOrder ? shape.Count - 1 : 0];
            int digits = axis.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
            sb.Append(' ', Math.Max(0, GrowthAxisMaxDigits - digits));
        }

        var text = sb.ToString();
        bool latin1 = text.All(static c => c <= '\u00ff');
        byte[] body = latin1 ? Encoding.Latin1.GetBytes(text) : Encoding.UTF8.GetBytes(text);
        if (latin1)
        {
            var v1 = Wrap(body, 1);
            if (v1 is not null)
            {
                return v1;
            }

            return Wrap(body, 2)!;
        }

        return Wrap(body, 3)!;
    }

    private static byte[]? Wrap(byte[] body, int version)
    {
        int prefix = version == 1 ? 10 : 12;
        long hlen = body.Length + 1;
        long pad = ArrayAlign - ((prefix + hlen) % ArrayAlign);
        long total = hlen + pad;
        if (version == 1 && total > ushort.MaxValue)
        {
            return null;
        }

        var result = new byte[prefix + total];
        result[0] = 0x93;
        "NUMPY"u8.CopyTo(result.AsSpan(1));
        result[6] = (byte)version;
        result[7] = 0;
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)total);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), checked((uint)total));
        }

        body.CopyTo(result, prefix);
        result.AsSpan(prefix + body.Length, (int)pad).Fill((byte)' ');
        result[^1] = (byte)'\n';
        return result;
    }

    /// <summary>Writes header and data of <paramref name="array"/> (row-major) to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, NpyArray array)
    {
        stream.Write(Header(array.DType, array.Shape));
        switch (array.Data)
        {
            case float[] a: WriteNative<float>(stream, a, array.DType); break;
            case double[] a: WriteNative<double>(stream, a, array.DType); break;
            case Half[] a: WriteNative<Half>(stream, a, array.DType); break;
            case sbyte[] a: WriteNative<sbyte>(stream, a, array.DType); break;
            case short[] a: WriteNative<short>(stream, a, array.DType); break;
            case int[] a: WriteNative<int>(stream, a, array.DType); break;
            case long[] a: WriteNative<long>(stream, a, array.DType); break;
            case byte[] a: stream.Write(a); break;
            case ushort[] a: WriteNative<ushort>(stream, a, array.DType); break;
            case uint[] a: WriteNative<uint>(stream, a, array.DType); break;
            case ulong[] a: WriteNative<ulong>(stream, a, array.DType); break;
            case bool[] a: WriteNative<bool>(stream, a, array.DType); break;
            case string[] a: WriteUnicode(stream, a, array.DType); break;
            case byte[][] a: WriteBytes(stream, a, array.DType); break;
            default: throw new ArgumentException($"unsupported element type {array.Data.GetType().Name}", nameof(array));
        }
    }

    public static void WriteNative<T>(Stream stream, ReadOnlySpan<T> data, NpyDType dtype)
        where T : unmanaged
    {
        int size = Marshal.SizeOf<T>();
        bool swap = size > 1 && dtype.BigEndian == BitConverter.IsLittleEndian;
        int perChunk = Math.Max(1, (1 << 20) / size);
        byte[]? scratch = swap ? new byte[perChunk * size] : null;
        for (int done = 0; done < data.Length;)
        {
            int n = Math.Min(perChunk, data.Length - done);
            var bytes = MemoryMarshal.AsBytes(data.Slice(done, n));
            if (scratch is null)
            {
                stream.Write(bytes);
            }
            else
            {
                var s = scratch.AsSpan(0, bytes.Length);
                bytes.CopyTo(s);
                for (int k = 0; k < n; k++)
                {
                    s.Slice(k * size, size).Reverse();
                }

                stream.Write(s);
            }

            done += n;
        }
    }

    private static void WriteUnicode(Stream stream, string[] data, NpyDType dtype)
    {
        var encoding = new UTF32Encoding(dtype.BigEndian, false, true);
        var buffer = new byte[dtype.ItemSize];
        foreach (var s in data)
        {
            Array.Clear(buffer);
            int n = encoding.GetByteCount(s);
            if (n > buffer.Length)
            {
                throw new ArgumentException($"string '{s}' is longer than the dtype {dtype.Descr} allows");
            }

            encoding.GetBytes(s, 0, s.Length, buffer, 0);
            stream.Write(buffer);
        }
    }

    private static void WriteBytes(Stream stream, byte[][] data, NpyDType dtype)
    {
        var buffer = new byte[dtype.ItemSize];
        foreach (var b in data)
        {
            if (b.Length > buffer.Length)
            {
                throw new ArgumentException($"a byte string of {b.Length} bytes is longer than the dtype {dtype.Descr} allows");
            }

            Array.Clear(buffer);
            b.CopyTo(buffer, 0);
            stream.Write(buffer);
        }
    }
}
