using System.Text.Json;
using FaceSynth.Cli;
using FaceSynth.Embeddings;
using FaceSynth.Vision.Datasets;
using FaceSynth.Vision.Images;

namespace FaceSynth.Vision.Tests;

public class CommandTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int rc = await CliApp.RunAsync(args, o, e);
        return (rc, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task EvalBinSeparatesAPerfectlySeparableBenchmark()
    {
        string dir = TestPaths.NewTempDir();
        string model = TestModels.LinearEmbedder(dir, false);
        string json = Path.Combine(dir, "r.json");
        var (code, output, err) = await Run("eval", "bin", Fixture("eval_pairs_p4.bin"), "--model", model, "--json", json, "--threads", "1");
        Assert.True(code == 0, err);
        Assert.Contains("1.00000", output, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(1.0, doc.RootElement.GetProperty("mean_accuracy").GetDouble());
        Assert.Equal(20, doc.RootElement.GetProperty("pairs").GetInt32());
    }

    [Fact]
    public async Task HostileInputsGiveExitCode2AndOneMessage()
    {
        string dir = TestPaths.NewTempDir();
        string model = TestModels.LinearEmbedder(dir, false);
        var (code, _, err) = await Run("eval", "bin", Fixture("evil_p2.pkl"), "--model", model);
        Assert.Equal(2, code);
        Assert.Contains("posix.system", err, StringComparison.Ordinal);

        string empty = Path.Combine(dir, "empty.onnx");
        File.WriteAllBytes(empty, []);
        (code, _, err) = await Run("embed", dir, "--model", empty, "--out", Path.Combine(dir, "E.npy"));
        Assert.Equal(2, code);
        Assert.Contains("empty.onnx", err, StringComparison.Ordinal);

        string rec = Path.Combine(dir, "train.rec");
        File.WriteAllBytes(rec, [0x0A, 0x23, 0xD7, 0xCE, 100, 0, 0, 0, 1, 2]);
        File.WriteAllText(Path.Combine(dir, "train.idx"), "0\t0\n");
        (code, _, err) = await Run("embed", rec, "--model", model, "--out", Path.Combine(dir, "R.npy"));
        Assert.Equal(2, code);
        Assert.Contains("truncated", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbedReadsARecordIoPack()
    {
        string dir = TestPaths.NewTempDir();
        string model = TestModels.LinearEmbedder(dir, false);
        var img = RgbImage.Black(112, 112);
        Array.Fill(img.Pixels, (byte)255);
        using (var w = new RecordIoWriter(Path.Combine(dir, "rec")))
        {
            w.WriteImage(0, 0, ImageEncoder.Png(img));
            w.WriteImage(1, 1, ImageEncoder.Png(RgbImage.Black(112, 112)));
            w.Complete(2);
        }

        string output = Path.Combine(dir, "E.npy");
        var (code, stdout, err) = await Run("embed", Path.Combine(dir, "rec", "train.rec"), "--model", model, "--out", output, "--batch", "2");
        Assert.True(code == 0, err);
        Assert.Contains("images/s", stdout, StringComparison.Ordinal);
        var m = Npy.ReadMatrix(output);
        Assert.Equal(1.0, m[0, 1], 5);   // white: normalised R = 1
        Assert.Equal(-1.0, m[1, 1], 5);  // black: -1
    }

    [Fact]
    public async Task SynthRenderWritesBothLayouts()
    {
        string dir = TestPaths.NewTempDir();
        string bundle = GeneratorTests.Bundle(Directory.CreateDirectory(Path.Combine(dir, "gen")).FullName);
        string ids = Directory.CreateDirectory(Path.Combine(dir, "ids")).FullName;
        Npy.Write(Path.Combine(ids, "identities.npy"), new EmbeddingMatrix([1f, 0f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 1f, 0f], 3, 4));
        File.WriteAllText(Path.Combine(ids, "manifest.json"), "{ \"embedding_space\": \"test-space\" }");
        string outDir = Path.Combine(dir, "out");
        var (code, _, err) = await Run("synth", "render", "--identities", ids, "--generator", bundle, "--per-identity", "2", "--layout", "imagefolder,recordio", "--out", outDir, "--png");
        Assert.True(code == 0, err);
        var folder = ImageFolderDataset.Enumerate(Path.Combine(outDir, "images"));
        Assert.Equal(6, folder.Count);
        Assert.Equal("0000002", folder[^1].ClassName);
        Assert.Equal("001.png", Path.GetFileName(folder[^1].Path));
        using var rec = InsightFaceRecDataset.Open(Path.Combine(outDir, "rec", "train.rec"));
        Assert.Equal(6, rec.ImageKeys.Count);
        Assert.Equal(2, rec.Read(5).ClassLabel);
        Assert.Equal(File.ReadAllBytes(folder[5].Path), rec.Read(5).Image.ToArray());
        Assert.Equal("3,112,112\n6\n", File.ReadAllText(Path.Combine(outDir, "rec", "property")));
        Assert.Equal(7, File.ReadAllLines(Path.Combine(outDir, "images.csv")).Length);

        // A rerun finds every image and changes nothing.
        (code, var stdout, err) = await Run("synth", "render", "--identities", ids, "--generator", bundle, "--per-identity", "2", "--layout", "imagefolder", "--out", outDir, "--png");
        Assert.True(code == 0, err);
        Assert.Contains("6 already present", stdout, StringComparison.Ordinal);
    }
}
