using FaceSynth.Embeddings;

namespace FaceSynth.Tests.Embeddings;

public class NpzTests
{
    [Theory]
    [InlineData("stored.npz")]
    [InlineData("compressed.npz")]
    public void ReadsNumpySavezFiles(string name)
    {
        var path = NpyFixtures.Path(name);
        // numpy._savez puts keyword arrays first, then the positional ones (as zipfile lists them).
        Assert.Equal(new[] { "labels", "scores", "arr_0" }, Npz.ListNames(path));
        var all = Npz.Read(path);
        Assert.Equal(NpyFixtures.Emb, all["arr_0"].As<float>());
        Assert.Equal([3L, 4L], all["arr_0"].Shape);
        Assert.Equal(new[] { "alice", "bob", "carol" }, all["labels"].As<string>());
        Assert.Equal(new[] { 0.25, -1.0 }, Npz.ReadArray(path, "scores").As<double>());
        var m = Npz.ReadMatrix(path, "arr_0");
        Assert.Equal(3, m.Rows);
        var e = Assert.Throws<FaceSynthDataException>(() => Npz.ReadArray(path, "missing"));
        Assert.Contains("labels", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WritesArchivesThatReadBack(bool compress)
    {
        var dir = TestPaths.NewTempDir();
        var p = Path.Combine(dir, "out.npz");
        Npz.Write(
            p,
            [
                new("emb", NpyArray.FromFloats(NpyFixtures.Emb, 3, 4)),
                new("labels", NpyArray.FromStrings(["a", "bb", "ccc"])),
            ],
            compress);
        var back = Npz.Read(p);
        Assert.Equal(new[] { "emb", "labels" }, back.Keys);
        Assert.Equal(NpyFixtures.Emb, back["emb"].As<float>());
        Assert.Equal(new[] { "a", "bb", "ccc" }, back["labels"].As<string>());

        // The member bytes are numpy.save's bytes.
        using var zip = System.IO.Compression.ZipFile.OpenRead(p);
        using var s = zip.GetEntry("emb.npy")!.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        Assert.Equal(NpyFixtures.Bytes("f4_3x4.npy"), ms.ToArray());
    }

    [Fact]
    public void RefusesDuplicateNames() =>
        Assert.Throws<ArgumentException>(() => Npz.Write(
            Path.Combine(TestPaths.NewTempDir(), "d.npz"),
            [new("a", NpyArray.FromInt32([1])), new("a", NpyArray.FromInt32([2]))]));
}
