using FaceSynth.Vision.Images;

namespace FaceSynth.Vision.Pipeline;

/// <summary>Options of <see cref="EmbedRunner"/>.</summary>
/// <param name="OutputPath">The <c>.npy</c> to write; side files share its stem.</param>
/// <param name="ChunkSize">Images per checkpointed chunk (resume granularity).</param>
/// <param name="FailOnError">Stop at the first image that cannot be read, decoded or has no face; default: record it in the failures file and leave a zero row.</param>
/// <param name="DecodeThreads">Threads decoding images (0 = processor count).</param>
/// <param name="Decode">Image decoding limits.</param>
public sealed record EmbedRunOptions(string OutputPath, int ChunkSize = 1024, bool FailOnError = false, int DecodeThreads = 0, ImageDecodeOptions? Decode = null);

/// <summary>What an embedding run produced.</summary>
/// <param name="Rows">Rows written (= input images).</param>
/// <param name="Dim">Embedding dimension.</param>
/// <param name="Failures">Images that produced a zero row: index, id and reason.</param>
/// <param name="ResumedChunks">Chunks taken from an earlier interrupted run.</param>
/// <param name="Elapsed">Wall time of this run.</param>
/// <param name="ImagesPerSecond">Images embedded per second in this run (resumed chunks excluded).</param>
public sealed record EmbedRunResult(int Rows, int Dim, IReadOnlyList<(int Index, string Id, string Reason)> Failures, int ResumedChunks, TimeSpan Elapsed, double ImagesPerSecond)
{
    /// <summary>Time inside ONNX Runtime during the run (<see cref="Embedding.FaceEmbedder.SessionTime"/>).</summary>
    public TimeSpan SessionTime { get; init; }

    /// <summary>Share of the run's wall time spent outside ONNX Runtime: decoding, alignment, batching and files.</summary>
    public double PipelineOverhead => Elapsed > TimeSpan.Zero ? Math.Max(0, 1 - (SessionTime / Elapsed)) : 0;
}
