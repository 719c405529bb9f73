namespace FaceSynth.Vision.Onnx;

/// <summary>How to run ONNX models: threads and execution provider.</summary>
/// <param name="IntraOpThreads">Threads inside one operator; 0 = ONNX Runtime's default (one per physical core).</param>
/// <param name="InterOpThreads">Threads across operators; 0 = default.</param>
/// <param name="UseCuda">Use the CUDA execution provider (needs the Microsoft.ML.OnnxRuntime.Gpu package instead of the CPU one).</param>
/// <param name="CudaDevice">CUDA device index.</param>
public sealed record OnnxSessionOptions(int IntraOpThreads = 0, int InterOpThreads = 0, bool UseCuda = false, int CudaDevice = 0)
{
    /// <summary>The defaults: CPU, ONNX Runtime's thread counts.</summary>
    public static OnnxSessionOptions Default { get; } = new();
}
