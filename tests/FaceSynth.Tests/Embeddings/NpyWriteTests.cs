using FaceSynth.Embeddings;

namespace FaceSynth.Tests.Embeddings;

/// <summary>Writers must produce exactly the bytes numpy.save produced for the fixtures.</summary>
public class NpyWriteTests
{
    [Fact]
    public void EmbeddingMatrixIsByteIdenticalToNumpy()
    {
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "emb.npy");
        Npy.Write(path, new EmbeddingMatrix(NpyFixtures.Emb, 3, 4));
        Assert.Equal(NpyFixtures.Bytes("f4_3x4.npy"), File.ReadAllBytes(path));
    }

    [Fact]
    public void DoubleVectorIsByteIdenticalToNumpy()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "v.npy");
        // numpy's nan has the sign bit clear; .NET's double.NaN has it set. The writer keeps NaN bits as given.
        double npNaN = BitConverter.Int64BitsToDouble(0x7FF8000000000000);
        Npy.Write(path, new[] { 0.1, -2.5, npNaN, double.PositiveInfinity, double.NegativeInfinity, 1e-300 }.AsSpan());
        Assert.Equal(NpyFixtures.Bytes("f8_vec.npy"), File.ReadAllBytes(path));
    }

    [Fact]
    public void FloatSpanWithShapeIsByteIdenticalToNumpy()
    {
        var dir = TestPaths.NewTempDir();
        var a = Path.Combine(dir, "a.npy");
        Npy.Write(a, NpyFixtures.Emb.AsSpan(), 3, 4);
        Assert.Equal(NpyFixtures.Bytes("f4_3x4.npy"), File.ReadAllBytes(a));
        var b = Path.Combine(dir, "b.npy");
        Npy.Write(b, new[] { 1.5f, -0.25f, 3.0f }.AsSpan());
        Assert.Equal(NpyFixtures.Bytes("f4_vec.npy"), File.ReadAllBytes(b));
        var c = Path.Combine(dir, "c.npy");
        Npy.Write(c, ReadOnlySpan<float>.Empty, 0, 4);
        Assert.Equal(NpyFixtures.Bytes("empty_0x4.npy"), File.ReadAllBytes(c));
        var d = Path.Combine(dir, "d.npy");
        Npy.Write(d, ReadOnlySpan<float>.Empty, 12345, 0);
        Assert.Equal(NpyFixtures.Bytes("empty_12345x0.npy"), File.ReadAllBytes(d));
        Assert.Throws<ArgumentException>(() => Npy.Write(Path.Combine(dir, "e.npy"), new float[5].AsSpan(), 2, 3));
    }

    [Fact]
    public void IntegerStringAndOtherArraysAreByteIdenticalToNumpy()
    {
        var dir = TestPaths.NewTempDir();
        void Check(string fixture, Action<string> write)
        {
            var p = Path.Combine(dir, fixture);
            write(p);
            Assert.Equal(NpyFixtures.Bytes(fixture), File.ReadAllBytes(p));
        }

        Check("ids_i4.npy", p => Npy.Write(p, new[] { 3, 1, 4, 1, 5 }));
        Check("ids_i8.npy", p => Npy.Write(p, new[] { 9L, -2, 6, 5, 3 }));
        Check("labels_u.npy", p => Npy.Write(p, new[] { "alice", "bob", "\u0109ef", "\U0001F600x", string.Empty }));
        Check("b1.npy", p => Npy.Write(p, NpyArray.FromBools([true, false, true, true])));
        Check("u8.npy", p => Npy.Write(p, new NpyArray(new ulong[] { 0, 1UL << 63, ulong.MaxValue }, NpyDType.Create('u', 8), 3)));
        Check("f8_be.npy", p => Npy.Write(p, new NpyArray(new[] { 1.0, -2.0, 0.125, 1e10 }, NpyDType.Create('f', 8, bigEndian: true), 4)));
        Check("f2_vec.npy", p => Npy.Write(p, new NpyArray(new[] { (Half)0.5f, (Half)(-1f), (Half)2f, (Half)65504f, (Half)0f }, NpyDType.Float16, 5)));
        Check("scalar_f8.npy", p => Npy.Write(p, new NpyArray(new[] { 3.5 }, NpyDType.Float64)));
        Check("bytes_s.npy", p => Npy.Write(p, new NpyArray(new[] { "ab"u8.ToArray(), "c"u8.ToArray(), Array.Empty<byte>() }, NpyDType.Create('S', 2), 3)));
    }

    [Fact]
    public void HeaderAlignsDataTo64BytesAndGrowsToVersion2()
    {
        // A 5,000-dimensional shape pushes the header past 65,535 bytes only with absurd rank; check the rule instead:
        // numpy pads with 21 - len(str(shape[0])) spaces and then to a multiple of 64.
        var header = NpyWriterProbe.Header(NpyDType.Float32, [1000, 512]);
        Assert.Equal(0, header.Length % 64);
        Assert.Equal((byte)'\n', header[^1]);
        Assert.Equal(1, header[6]);
        var big = NpyWriterProbe.Header(NpyDType.Float32, [.. Enumerable.Repeat(1000000000000L, 5000)]);
        Assert.Equal(2, big[6]);
        Assert.Equal(0, big.Length % 64);
    }

    [Fact]
    public void RoundTripsThroughTheReader()
    {
        var dir = TestPaths.NewTempDir();
        var p = Path.Combine(dir, "x.npy");
        var data = new long[] { 1, 2, 3, 4, 5, 6 };
        Npy.Write(p, new NpyArray(data, NpyDType.Create('i', 8, bigEndian: true), 2, 3));
        var back = Npy.Read(p);
        Assert.Equal(">i8", back.DType.Descr);
        Assert.Equal([2L, 3L], back.Shape);
        Assert.Equal(data, back.As<long>());
        Assert.Empty(Directory.GetFiles(dir, "*.tmp-*"));
    }

    [Fact]
    public void FailedWriteLeavesNoFile()
    {
        var dir = TestPaths.NewTempDir();
        var p = Path.Combine(dir, "bad.npy");
        var array = new NpyArray(new[] { "toolong" }, NpyDType.Unicode(2), 1);
        Assert.Throws<ArgumentException>(() => Npy.Write(p, array));
        Assert.Empty(Directory.GetFiles(dir));
    }
}

/// <summary>Access to the internal header builder.</summary>
internal static class NpyWriterProbe
{
    public static byte[] Header(NpyDType dtype, long[] shape) => NpyWriter.Header(dtype, shape);
}
