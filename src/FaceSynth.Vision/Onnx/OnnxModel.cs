using Microsoft.ML.OnnxRuntime;

namespace FaceSynth.Vision.Onnx;

/// <summary>
/// An ONNX Runtime inference session plus the model's parsed description. Opening checks the file
/// first, so an empty file, a file that is not a model or one ONNX Runtime refuses gives a
/// <see cref="FaceSynthDataException"/> naming the file.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private OnnxModel(string path, OnnxModelInfo info, InferenceSession session)
    {
        Path = path;
        Info = info;
        Session = session;
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>The graph description read from the file.</summary>
    public OnnxModelInfo Info { get; }

    /// <summary>The ONNX Runtime session.</summary>
    public InferenceSession Session { get; }

    /// <summary>Opens <paramref name="path"/> with <paramref name="options"/>.</summary>
    public static OnnxModel Open(string path, OnnxSessionOptions? options = null)
    {
        options ??= OnnxSessionOptions.Default;
        var info = OnnxModelInfo.Read(path);
        using var so = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (options.IntraOpThreads > 0)
        {
            so.IntraOpNumThreads = options.IntraOpThreads;
        }

        if (options.InterOpThreads > 0)
        {
            so.InterOpNumThreads = options.InterOpThreads;
        }

        if (options.UseCuda)
        {
            try
            {
                so.AppendExecutionProvider_CUDA(options.CudaDevice);
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                throw new FaceSynthDataException(path, $"the CUDA execution provider is not available ({e.Message}); install the Microsoft.ML.OnnxRuntime.Gpu build or run on the CPU");
            }
        }

        try
        {
            return new OnnxModel(path, info, new InferenceSession(path, so));
        }
        catch (OnnxRuntimeException e)
        {
            throw new FaceSynthDataException(path, $"ONNX Runtime cannot load the model: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Session.Dispose();
}
