using FaceSynth.Synthesis;
using FaceSynth.Vision.Generation;
using FaceSynth.Vision.Onnx;

namespace FaceSynth.Vision.Tests;

public class GeneratorTests
{
    // Single-pass stub: image[c, y, x] = tanh(0.5 * e0) for c = 0, tanh(0.5 * z0) for c = 1, 0 for c = 2 (8 x 8).
    internal static string Bundle(string dir)
    {
        var w = new float[192 * 6];
        for (int p = 0; p < 64; p++)
        {
            w[(p * 6) + 0] = 0.5f;        // R plane from embedding[0]
            w[((64 + p) * 6) + 4] = 0.5f; // G plane from noise[0]
        }

        var g = new OnnxGraphBuilder("gen");
        string e = g.Input("embedding", OnnxDataType.Float, -1, 4);
        string z = g.Input("noise", OnnxDataType.Float, -1, 2);
        string h = g.Gemm(g.Concat(1, e, z), OnnxTensor.Float(w, 192, 6), null);
        string img = g.Identity(g.Reshape(g.Tanh(h), -1, 3, 8, 8), "image");
        g.Output(img, OnnxDataType.Float, -1, 3, 8, 8);
        g.Save(Path.Combine(dir, "generator.onnx"));
        File.WriteAllText(Path.Combine(dir, "generator.json"), """
            { "schema": "facesynth.generator/1", "name": "stub", "kind": "single_pass",
              "embedding": { "dim": 4, "space": "test-space", "unit_norm": true },
              "output": { "width": 8, "height": 8, "range": "minus1_1", "aligned": "arcface112" },
              "single_pass": { "model": "generator.onnx", "embedding_input": "embedding", "noise_input": "noise",
                               "noise_shape": [2], "output": "image" } }
            """);
        return dir;
    }

    private static byte Pixel(double v) => (byte)Math.Round(255 * Math.Clamp((Math.Tanh(v) + 1) / 2, 0, 1), MidpointRounding.AwayFromZero);

    [Fact]
    public void SinglePassImagesFollowEmbeddingAndSeed()
    {
        using var gen = GeneratorBundle.Open(Bundle(TestPaths.NewTempDir()));
        Assert.Equal("test-space", gen.Descriptor.EmbeddingSpace);
        float[] emb = [1f, 0f, 0f, 0f, -0.6f, 0.8f, 0f, 0f];
        ulong[] seeds = [11, 12];
        var both = gen.Generate(emb, 2, seeds, new GenerationOptions(BatchSize: 2), CancellationToken.None);
        var single = gen.Generate(emb.AsSpan(4, 4), 1, seeds.AsSpan(1), new GenerationOptions(BatchSize: 1), CancellationToken.None);
        for (int i = 0; i < 2; i++)
        {
            var rng = new SynthRandom(seeds[i], "generator/noise");
            double z0 = rng.Normal();
            Assert.InRange(both[i][3, 5, 0] - Pixel(0.5 * emb[i * 4]), -1, 1);
            Assert.InRange(both[i][3, 5, 1] - Pixel(0.5 * z0), -1, 1);
            Assert.Equal(128, both[i][3, 5, 2]);
        }

        Assert.Equal(both[1].Pixels, single[0].Pixels); // batch composition does not change a row
    }

    [Fact]
    public void BadBundlesAreNamedErrors()
    {
        string dir = TestPaths.NewTempDir();
        Assert.Throws<FaceSynthDataException>(() => GeneratorBundle.Open(dir));
        File.WriteAllText(Path.Combine(dir, "generator.json"), "{ \"schema\": \"other\" }");
        var ex = Assert.Throws<FaceSynthDataException>(() => GeneratorBundle.Open(dir));
        Assert.Contains("generator.json", ex.Message, StringComparison.Ordinal);
    }
}
