using BenchmarkDotNet.Attributes;
using FaceSynth.Vision.Embedding;
using FaceSynth.Vision.Images;
using FaceSynth.Vision.Onnx;

namespace FaceSynth.Bench.Vision;

/// <summary>
/// Pipeline overhead at batch 32: the bare ONNX Runtime call on a prepared tensor vs preprocessing + call
/// vs decoding + preprocessing + call. Needs FACESYNTH_BENCH_MODEL (an exported recognition model) and
/// FACESYNTH_BENCH_IMAGES (a folder of 112x112 JPEGs); see bench/docs/vision.md.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class EmbedPipelineBenchmarks
{
    private const int Batch = 32;
    private FaceEmbedder _embedder = null!;
    private byte[][] _encoded = null!;
    private RgbImage[] _decoded = null!;
    private float[] _tensor = null!;
    private float[] _out = null!;

    [GlobalSetup]
    public void Setup()
    {
        string model = Environment.GetEnvironmentVariable("FACESYNTH_BENCH_MODEL") ?? throw new InvalidOperationException("set FACESYNTH_BENCH_MODEL");
        string images = Environment.GetEnvironmentVariable("FACESYNTH_BENCH_IMAGES") ?? throw new InvalidOperationException("set FACESYNTH_BENCH_IMAGES");
        int threads = int.TryParse(Environment.GetEnvironmentVariable("FACESYNTH_BENCH_THREADS"), out int t) ? t : 0;
        _embedder = FaceEmbedder.Open(model, new FaceEmbedderOptions(Batch, Session: new OnnxSessionOptions(IntraOpThreads: threads)));
        _encoded = [.. Directory.GetFiles(images, "*.jpg").Order(StringComparer.Ordinal).Take(Batch).Select(File.ReadAllBytes)];
        _decoded = [.. _encoded.Select((b, i) => ImageDecoder.Decode(b, $"image {i}"))];
        int plane = 3 * _embedder.InputWidth * _embedder.InputHeight;
        _tensor = new float[Batch * plane];
        for (int i = 0; i < Batch; i++)
        {
            _embedder.Preprocess(_decoded[i], _tensor.AsSpan(i * plane, plane), flip: false);
        }

        _out = new float[Batch * _embedder.Dim];
    }

    [Benchmark(Baseline = true, Description = "bare ORT session, batch 32")]
    public void BareSession() => _embedder.RunPrepared(_tensor, Batch, _out);

    [Benchmark(Description = "preprocess + ORT, batch 32")]
    public void PreprocessAndRun() => _embedder.Embed(_decoded, _out);

    // Serial decoding on the calling thread: the worst case (`facesynth embed` decodes the next batch while this one
    // runs). PLINQ here would leave spinning worker threads competing with ONNX Runtime's own.
    [Benchmark(Description = "JPEG decode (serial) + preprocess + ORT, batch 32")]
    public void DecodePreprocessAndRun() =>
        _embedder.Embed([.. _encoded.Select((b, i) => ImageDecoder.Decode(b, $"image {i}"))], _out);

    [GlobalCleanup]
    public void Cleanup() => _embedder.Dispose();
}
