using FaceSynth.Vision.Images;
using FaceSynth.Vision.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FaceSynth.Vision.Detection;

/// <summary>The SCRFD face detector (insightface) run with ONNX Runtime: letterbox, decode, NMS (FORMATS.md 7.2).</summary>
public sealed class ScrfdDetector : IDisposable
{
    private readonly OnnxModel _model;
    private readonly string _inputName;
    private readonly string[] _outputNames;
    private readonly RunOptions _run = new();

    private ScrfdDetector(OnnxModel model, ScrfdOptions options)
    {
        _model = model;
        Options = options;
        var input = model.Info.Inputs.Count == 1
            ? model.Info.Inputs[0]
            : throw new FaceSynthDataException(model.Path, $"SCRFD has one input, this model has {model.Info.Inputs.Count}");
        _inputName = input.Name;
        _outputNames = [.. model.Info.Outputs.Select(o => o.Name)];
        try
        {
            ScrfdDecoder.Layout(_outputNames.Length);
        }
        catch (ArgumentException e)
        {
            throw new FaceSynthDataException(model.Path, e.Message);
        }

        InputWidth = input.Dims is { Count: 4 } d && d[3] is long w and > 0 ? (int)w : options.InputWidth;
        InputHeight = input.Dims is { Count: 4 } d2 && d2[2] is long h and > 0 ? (int)h : options.InputHeight;
        if (InputWidth % 32 != 0 || InputHeight % 32 != 0)
        {
            throw new FaceSynthDataException(model.Path, $"the detector input {InputWidth} x {InputHeight} is not a multiple of 32");
        }
    }

    /// <summary>The options in use.</summary>
    public ScrfdOptions Options { get; }

    /// <summary>Network input width.</summary>
    public int InputWidth { get; }

    /// <summary>Network input height.</summary>
    public int InputHeight { get; }

    /// <summary>Opens the SCRFD model at <paramref name="modelPath"/>.</summary>
    public static ScrfdDetector Open(string modelPath, ScrfdOptions? options = null)
    {
        options ??= new ScrfdOptions();
        var model = OnnxModel.Open(modelPath, options.Session);
        try
        {
            return new ScrfdDetector(model, options);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Detects faces in <paramref name="image"/>, best first (after NMS and the optional MaxFaces ranking).</summary>
    public IReadOnlyList<DetectedFace> Detect(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (blob, scale) = Letterbox(image, InputWidth, InputHeight);
        using var input = OrtValue.CreateTensorValueFromMemory(blob, [1, 3, InputHeight, InputWidth]);
        var raw = new List<float[]>(_outputNames.Length);
        using (var outputs = _model.Session.Run(_run, [_inputName], [input], _outputNames))
        {
            foreach (var o in outputs)
            {
                raw.Add(o.GetTensorDataAsSpan<float>().ToArray());
            }
        }

        var candidates = ScrfdDecoder.Decode(raw, InputWidth, InputHeight, scale, Options.ScoreThreshold, _model.Path);
        var kept = ScrfdDecoder.Nms(candidates, Options.NmsThreshold);
        return ScrfdDecoder.Rank(kept, Options.MaxFaces, image.Width, image.Height);
    }

    /// <summary>
    /// The network input: the image resized into the top-left of a black W x H canvas keeping its aspect
    /// ratio, as <c>(x - 127.5) / 128</c> NCHW floats; <c>scale</c> = new height / image height.
    /// </summary>
    public static (float[] Blob, float Scale) Letterbox(RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        double r = (double)image.Height / image.Width;
        int nw, nh;
        if (r > (double)height / width)
        {
            nh = height;
            nw = Math.Max(1, (int)(height / r));
        }
        else
        {
            nw = width;
            nh = Math.Max(1, (int)(width * r));
        }

        var resized = ImageOps.ResizeBilinear(image, nw, nh);
        int plane = width * height;
        var blob = new float[3 * plane];
        blob.AsSpan().Fill(-127.5f / 128f);
        for (int y = 0; y < nh; y++)
        {
            for (int x = 0; x < nw; x++)
            {
                int s = ((y * nw) + x) * 3, d = (y * width) + x;
                blob[d] = (resized.Pixels[s] - 127.5f) / 128f;
                blob[plane + d] = (resized.Pixels[s + 1] - 127.5f) / 128f;
                blob[(2 * plane) + d] = (resized.Pixels[s + 2] - 127.5f) / 128f;
            }
        }

        return (blob, (float)nh / image.Height);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _run.Dispose();
        _model.Dispose();
    }
}
