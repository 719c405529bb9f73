using FaceSynth.Vision.Embedding;
using FaceSynth.Vision.Images;
using FaceSynth.Vision.Onnx;

namespace FaceSynth.Vision.Tests;

public class EmbedderTests
{
    // Left half (r1, g1, b1), right half (r2, g2, b2).
    private static RgbImage Halves(int r1, int g1, int b1, int r2, int g2, int b2)
    {
        var img = RgbImage.Black(TestModels.Size, TestModels.Size);
        for (int y = 0; y < TestModels.Size; y++)
        {
            for (int x = 0; x < TestModels.Size; x++)
            {
                int o = ((y * TestModels.Size) + x) * 3;
                bool left = x < TestModels.Size / 2;
                img.Pixels[o] = (byte)(left ? r1 : r2);
                img.Pixels[o + 1] = (byte)(left ? g1 : g2);
                img.Pixels[o + 2] = (byte)(left ? b1 : b2);
            }
        }

        return img;
    }

    private static double[] Expected(int r1, int g1, int b1, int r2, int g2, int b2)
    {
        double nr = (TestModels.Norm(r1) + TestModels.Norm(r2)) / 2, ng = (TestModels.Norm(g1) + TestModels.Norm(g2)) / 2, nb = (TestModels.Norm(b1) + TestModels.Norm(b2)) / 2;
        return [(nr + ng + nb) / 3, nr, TestModels.Norm(r1) - TestModels.Norm(r2), nb + 0.25];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LinearModelGivesClosedFormEmbedding(bool inGraphNorm)
    {
        string dir = TestPaths.NewTempDir();
        using var e = FaceEmbedder.Open(TestModels.LinearEmbedder(dir, inGraphNorm), new FaceEmbedderOptions(BatchSize: 2));
        Assert.Equal(4, e.Dim);
        Assert.Equal(inGraphNorm ? "graph" : "default", e.NormalizationSource);
        int[][] colours = [[255, 0, 10, 0, 255, 200], [127, 128, 30, 40, 50, 60], [0, 0, 0, 255, 255, 255]];
        var images = colours.Select(c => Halves(c[0], c[1], c[2], c[3], c[4], c[5])).ToList();
        var got = new float[images.Count * 4];
        e.Embed(images, got);
        for (int i = 0; i < colours.Length; i++)
        {
            var c = colours[i];
            var want = Expected(c[0], c[1], c[2], c[3], c[4], c[5]);
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(want[j], got[(i * 4) + j], 4);
            }
        }
    }

    [Fact]
    public void FlipTestAddsTheMirrorEmbedding()
    {
        string dir = TestPaths.NewTempDir();
        using var e = FaceEmbedder.Open(TestModels.LinearEmbedder(dir, false), new FaceEmbedderOptions(FlipTest: true));
        var got = e.Embed(Halves(255, 0, 10, 0, 255, 200));
        var want = Expected(255, 0, 10, 0, 255, 200);
        // Mirroring swaps the halves: symmetric outputs double, the left-minus-right output cancels.
        Assert.Equal(2 * want[0], got[0], 4);
        Assert.Equal(2 * want[1], got[1], 4);
        Assert.Equal(0, got[2], 4);
        Assert.Equal(2 * want[3], got[3], 4);
    }

    [Fact]
    public void PixelNormFileOverridesDetection()
    {
        string dir = TestPaths.NewTempDir();
        string model = TestModels.LinearEmbedder(dir, false);
        File.WriteAllText(Path.Combine(dir, "pixel_norm.txt"), "0\n255\n");
        using var e = FaceEmbedder.Open(model);
        Assert.Equal("pixel_norm.txt", e.NormalizationSource);
        var got = e.Embed(Halves(255, 255, 255, 255, 255, 255));
        Assert.Equal(1.0, got[0], 5);
        Assert.Equal(1.25, got[3], 5);
    }

    [Fact]
    public void FixedBatchModelRunsOneImageAtATime()
    {
        string dir = TestPaths.NewTempDir();
        using var e = FaceEmbedder.Open(TestModels.LinearEmbedder(dir, false, batch: 1), new FaceEmbedderOptions(BatchSize: 32));
        Assert.Equal(1, e.BatchSize);
        var images = Enumerable.Range(0, 3).Select(k => Halves(50 * k, 0, 0, 0, 0, 0)).ToList();
        var got = new float[12];
        e.Embed(images, got);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(Expected(50 * k, 0, 0, 0, 0, 0)[1], got[(k * 4) + 1], 4);
        }
    }

    [Fact]
    public void ModelsThatAreNotModelsAreClearErrors()
    {
        string dir = TestPaths.NewTempDir();
        string empty = Path.Combine(dir, "empty.onnx");
        File.WriteAllBytes(empty, []);
        var ex = Assert.Throws<FaceSynthDataException>(() => FaceEmbedder.Open(empty));
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);

        string text = Path.Combine(dir, "text.onnx");
        File.WriteAllText(text, "this is not a model, it is a text file\n");
        ex = Assert.Throws<FaceSynthDataException>(() => FaceEmbedder.Open(text));
        Assert.Contains("text.onnx", ex.Message, StringComparison.Ordinal);

        string random = Path.Combine(dir, "random.onnx");
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(random, bytes);
        Assert.Throws<FaceSynthDataException>(() => FaceEmbedder.Open(random));
    }
}
