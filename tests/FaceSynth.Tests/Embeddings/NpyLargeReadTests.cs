using System.Buffers.Binary;
using System.Text;
using FaceSynth.Embeddings;

namespace FaceSynth.Tests.Embeddings;

/// <summary>Arrays of 64 MiB and more are read in parallel chunks; the bytes must land exactly where a sequential read puts them.</summary>
public class NpyLargeReadTests
{
    [Fact]
    public void A_large_float64_vector_reads_back_every_element()
    {
        // 9,000,001 doubles = 72 MB of data: several 16 MiB chunks and a ragged last one. Written by hand (header as
        // numpy writes it) so that the reader is not checked against FaceSynth's own writer.
        const int n = 9_000_001;
        string path = Path.Combine(TestPaths.NewTempDir(), "big.npy");
        string dict = $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({n},), }}";
        int headerLength = 10 + dict.Length + 1;
        int padded = (headerLength + 63) / 64 * 64;
        var header = new byte[padded];
        header[0] = 0x93;
        "NUMPY"u8.CopyTo(header.AsSpan(1));
        header[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)(padded - 10));
        Encoding.ASCII.GetBytes(dict.PadRight(padded - 11)).CopyTo(header, 10);
        header[^1] = (byte)'\n';
        using (var fs = File.Create(path))
        {
            fs.Write(header);
            var buffer = new byte[8 * 4096];
            for (int done = 0; done < n;)
            {
                int m = Math.Min(4096, n - done);
                for (int k = 0; k < m; k++)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(8 * k), Value(done + k));
                }

                fs.Write(buffer, 0, 8 * m);
                done += m;
            }
        }

        var values = Npy.ReadDoubles(path);
        Assert.Equal(n, values.Length);
        for (int i = 0; i < n; i++)
        {
            if (values[i] != Value(i))
            {
                Assert.Fail($"element {i}: {values[i]} instead of {Value(i)}");
            }
        }
    }

    private static double Value(int i) => (i * 0.5) - 1e6;
}
