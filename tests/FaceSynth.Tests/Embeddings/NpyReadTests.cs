using FaceSynth.Embeddings;

namespace FaceSynth.Tests.Embeddings;

public class NpyReadTests
{
    [Fact]
    public void ReadsFloat32MatrixAsEmbeddings()
    {
        var m = Npy.ReadMatrix(NpyFixtures.Path("f4_3x4.npy"));
        Assert.Equal(3, m.Rows);
        Assert.Equal(4, m.Dim);
        Assert.Equal(NpyFixtures.Emb, m.Data);
        Assert.Equal(2f, m[1, 2]); // element 1 * 4 + 2 = 6: 6 * 0.5 - 1
    }

    [Fact]
    public void HeaderReportsVersionShapeAndOffset()
    {
        var h = Npy.ReadHeader(NpyFixtures.Path("f4_3x4.npy"));
        Assert.Equal(1, h.Version);
        Assert.Equal("<f4", h.DType.Descr);
        Assert.False(h.FortranOrder);
        Assert.Equal([3L, 4L], h.Shape);
        Assert.Equal(128, h.DataOffset);
        Assert.Equal(12, h.Count);
    }

    [Theory]
    [InlineData("v2_f4.npy", 2)]
    [InlineData("v3_f4.npy", 3)]
    public void ReadsVersion2And3Headers(string name, int version)
    {
        Assert.Equal(version, Npy.ReadHeader(NpyFixtures.Path(name)).Version);
        Assert.Equal(NpyFixtures.Emb, Npy.ReadMatrix(NpyFixtures.Path(name)).Data);
    }

    [Fact]
    public void ReadsDoublesWithNaNAndInfinities()
    {
        var d = Npy.ReadDoubles(NpyFixtures.Path("f8_vec.npy"));
        Assert.Equal(new[] { 0.1, -2.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-300 }, d);
    }

    [Fact]
    public void WidensFloat16AndFloat32ToDouble()
    {
        Assert.Equal(new[] { 0.5, -1.0, 2.0, 65504.0, 0.0 }, Npy.ReadDoubles(NpyFixtures.Path("f2_vec.npy")));
        Assert.Equal(new[] { 1.5, -0.25, 3.0 }, Npy.ReadDoubles(NpyFixtures.Path("f4_vec.npy")));
        Assert.Equal(new[] { 0.5f, -1f, 2f }, Npy.ReadFloats(NpyFixtures.Path("f2_be.npy")));
        var half = Npy.Read(NpyFixtures.Path("f2_vec.npy")).As<Half>();
        Assert.Equal((Half)65504f, half[3]);
    }

    [Fact]
    public void SwapsBigEndianData()
    {
        Assert.Equal(new[] { 1.0, -2.0, 0.125, 1e10 }, Npy.ReadDoubles(NpyFixtures.Path("f8_be.npy")));
        Assert.Equal(new[] { 1, -2, 70000 }, Npy.Read(NpyFixtures.Path("i4_be.npy")).As<int>());
        Assert.Equal(new[] { 1L, -2L, 1L << 40 }, Npy.Read(NpyFixtures.Path("i8_be.npy")).As<long>());
        var m = Npy.ReadMatrix(NpyFixtures.Path("f4_be_2x3.npy"));
        Assert.Equal(new[] { 0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f }, m.Data);
        Assert.Equal(">f4", Npy.Read(NpyFixtures.Path("f4_be_2x3.npy")).DType.Descr);
    }

    [Fact]
    public void TransposesFortranOrderIntoRowMajor()
    {
        // arange(6).reshape(3, 2): row-major 0..5 regardless of the storage order.
        var m = Npy.ReadMatrix(NpyFixtures.Path("f4_fortran_3x2.npy"));
        Assert.Equal(3, m.Rows);
        Assert.Equal(2, m.Dim);
        Assert.Equal(new[] { 0f, 1f, 2f, 3f, 4f, 5f }, m.Data);
        Assert.True(Npy.ReadHeader(NpyFixtures.Path("f4_fortran_3x2.npy")).FortranOrder);

        var a = Npy.Read(NpyFixtures.Path("i4_fortran_2x3x4.npy"));
        Assert.Equal([2L, 3L, 4L], a.Shape);
        Assert.Equal(Enumerable.Range(0, 24).ToArray(), a.As<int>());
    }

    [Fact]
    public void ReadsEveryIntegerAndBoolType()
    {
        Assert.Equal(new sbyte[] { -128, 0, 127 }, Npy.Read(NpyFixtures.Path("i1.npy")).As<sbyte>());
        Assert.Equal(new short[] { -32768, 1, 32767 }, Npy.Read(NpyFixtures.Path("i2.npy")).As<short>());
        Assert.Equal(new[] { int.MinValue, 7, int.MaxValue }, Npy.Read(NpyFixtures.Path("i4.npy")).As<int>());
        Assert.Equal(new[] { long.MinValue, 7, long.MaxValue }, Npy.Read(NpyFixtures.Path("i8.npy")).As<long>());
        Assert.Equal(new byte[] { 0, 200, 255 }, Npy.Read(NpyFixtures.Path("u1.npy")).As<byte>());
        Assert.Equal(new ushort[] { 0, 60000, 65535 }, Npy.Read(NpyFixtures.Path("u2.npy")).As<ushort>());
        Assert.Equal(new uint[] { 0, 4000000000, uint.MaxValue }, Npy.Read(NpyFixtures.Path("u4.npy")).As<uint>());
        Assert.Equal(new ulong[] { 0, 1UL << 63, ulong.MaxValue }, Npy.Read(NpyFixtures.Path("u8.npy")).As<ulong>());
        Assert.Equal(new[] { true, false, true, true }, Npy.Read(NpyFixtures.Path("b1.npy")).As<bool>());
        Assert.Equal(new[] { 1.0, 0.0, 1.0, 1.0 }, Npy.ReadDoubles(NpyFixtures.Path("b1.npy")));
        Assert.Equal(new[] { 3L, 1, 4, 1, 5 }, Npy.ReadInt64s(NpyFixtures.Path("ids_i4.npy")));
        Assert.Equal(new[] { -128.0, 0, 127 }, Npy.ReadDoubles(NpyFixtures.Path("i1.npy")));
    }

    [Fact]
    public void ReadsUnicodeAndByteStrings()
    {
        var labels = Npy.ReadStrings(NpyFixtures.Path("labels_u.npy"));
        Assert.Equal(new[] { "alice", "bob", "\u0109ef", "\U0001F600x", string.Empty }, labels);
        Assert.Equal("<U5", Npy.ReadHeader(NpyFixtures.Path("labels_u.npy")).DType.Descr);
        var bytes = Npy.Read(NpyFixtures.Path("bytes_s.npy"));
        Assert.Equal("|S2", bytes.DType.Descr);
        Assert.Equal(new[] { "ab", "c", string.Empty }, bytes.ToStrings());
    }

    [Fact]
    public void ReadsScalarsAndEmptyArrays()
    {
        var s = Npy.Read(NpyFixtures.Path("scalar_f8.npy"));
        Assert.Empty(s.Shape);
        Assert.Equal(new[] { 3.5 }, s.As<double>());

        var e = Npy.ReadMatrix(NpyFixtures.Path("empty_0x4.npy"));
        Assert.Equal(0, e.Rows);
        Assert.Equal(4, e.Dim);
        var z = Npy.Read(NpyFixtures.Path("empty_12345x0.npy"));
        Assert.Equal([12345L, 0L], z.Shape);
        Assert.Equal(0, z.Count);
        Assert.Throws<FaceSynthDataException>(() => Npy.ReadMatrix(NpyFixtures.Path("empty_12345x0.npy")));
    }

    [Fact]
    public void OneDimensionalArrayBecomesColumnMatrix()
    {
        var m = Npy.ReadMatrix(NpyFixtures.Path("f8_be.npy"));
        Assert.Equal(4, m.Rows);
        Assert.Equal(1, m.Dim);
        Assert.Equal(new[] { 1f, -2f, 0.125f, 1e10f }, m.Data);
    }

    [Theory]
    [InlineData("object.npy", "object")]
    [InlineData("structured.npy", "structured")]
    [InlineData("complex.npy", "unsupported dtype")]
    public void RefusesObjectStructuredAndComplexDtypes(string name, string expected)
    {
        var path = NpyFixtures.Path(name);
        var e = Assert.Throws<FaceSynthDataException>(() => Npy.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ShapeChecksForVectorsAndStrings()
    {
        Assert.Throws<FaceSynthDataException>(() => Npy.ReadDoubles(NpyFixtures.Path("f4_3x4.npy")));
        Assert.Throws<FaceSynthDataException>(() => Npy.ReadDoubles(NpyFixtures.Path("labels_u.npy")));
        Assert.Throws<FaceSynthDataException>(() => Npy.ReadStrings(NpyFixtures.Path("f4_vec.npy")));
        Assert.Throws<FaceSynthDataException>(() => Npy.ReadInt64s(NpyFixtures.Path("f4_vec.npy")));
        Assert.Throws<FaceSynthDataException>(() => Npy.ReadMatrix(NpyFixtures.Path("i4_fortran_2x3x4.npy")));
    }
}
