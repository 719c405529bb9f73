using FaceSynth.Embeddings;
using FaceSynth.Vision.Embedding;
using FaceSynth.Vision.Images;
using FaceSynth.Vision.Pipeline;

namespace FaceSynth.Vision.Tests;

public class PipelineTests
{
    private static RgbImage Solid(int r, int g, int b)
    {
        var img = RgbImage.Black(112, 112);
        for (int i = 0; i < img.Pixels.Length; i += 3)
        {
            img.Pixels[i] = (byte)r;
            img.Pixels[i + 1] = (byte)g;
            img.Pixels[i + 2] = (byte)b;
        }

        return img;
    }

    [Fact]
    public void EmbedsAFolderListsFailuresAndResumes()
    {
        string dir = TestPaths.NewTempDir();
        string images = Path.Combine(dir, "images");
        Directory.CreateDirectory(Path.Combine(images, "alice"));
        Directory.CreateDirectory(Path.Combine(images, "bob"));
        for (int k = 0; k < 5; k++)
        {
            File.WriteAllBytes(Path.Combine(images, k < 3 ? "alice" : "bob", $"{k}.png"), ImageEncoder.Png(Solid(50 * k, 10, 200)));
        }

        File.WriteAllBytes(Path.Combine(images, "bob", "5-empty.jpg"), []);
        File.WriteAllText(Path.Combine(images, "bob", "6-corrupt.png"), "garbage");
        string model = TestModels.LinearEmbedder(dir, false);
        string output = Path.Combine(dir, "E.npy");
        var items = EmbedInputs.Open(images, out _);
        Assert.Equal(7, items.Count);

        using var embedder = FaceEmbedder.Open(model, new FaceEmbedderOptions(BatchSize: 2));
        using var cts = new CancellationTokenSource();
        var interrupting = new CallbackProgress(done =>
        {
            if (done >= 3)
            {
                cts.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => EmbedRunner.Run(items, embedder, null, new EmbedRunOptions(output, ChunkSize: 3), interrupting, cts.Token));
        Assert.False(File.Exists(output));

        var sessionBefore = embedder.SessionTime;
        var result = EmbedRunner.Run(items, embedder, null, new EmbedRunOptions(output, ChunkSize: 3), null, CancellationToken.None);
        Assert.Equal(1, result.ResumedChunks);

        // Only this run's ONNX Runtime calls count, and they fit inside its wall time.
        Assert.Equal(embedder.SessionTime - sessionBefore, result.SessionTime);
        Assert.InRange(result.SessionTime, TimeSpan.FromTicks(1), result.Elapsed);
        Assert.InRange(result.PipelineOverhead, 0, 1);
        var m = Npy.ReadMatrix(output);
        Assert.Equal((7, 4), (m.Rows, m.Dim));
        for (int k = 0; k < 5; k++)
        {
            Assert.Equal(TestModels.Norm(50 * k), m[k, 1], 4);
            Assert.Equal(TestModels.Norm(200) + 0.25, m[k, 3], 4);
        }

        Assert.Equal(0f, m[5, 3]);
        Assert.Equal(2, result.Failures.Count);
        string failures = File.ReadAllText(output + ".failures.tsv");
        Assert.Contains("bob/5-empty.jpg", failures, StringComparison.Ordinal);
        Assert.Contains("bob/6-corrupt.png", failures, StringComparison.Ordinal);
        Assert.Equal("alice/0.png", File.ReadLines(output + ".ids.txt").First());
        Assert.Equal("bob", File.ReadLines(output + ".labels.txt").Last());
        Assert.False(Directory.Exists(output + ".partial"));

        var strict = new EmbedRunOptions(Path.Combine(dir, "F.npy"), FailOnError: true);
        var ex = Assert.Throws<AggregateException>(() => EmbedRunner.Run(items, embedder, null, strict, null, CancellationToken.None));
        Assert.IsType<FaceSynthDataException>(ex.InnerException);
    }

    private sealed class CallbackProgress(Action<long> onReport) : IProgress<long>
    {
        public void Report(long value) => onReport(value);
    }
}
