using FaceSynth.Vision.Onnx;

namespace FaceSynth.Vision.Detection;

/// <summary>Options of <see cref="ScrfdDetector"/> (FORMATS.md 7.2).</summary>
/// <param name="InputWidth">Input width when the model's is not fixed (multiple of 32).</param>
/// <param name="InputHeight">Input height when the model's is not fixed (multiple of 32).</param>
/// <param name="ScoreThreshold">Keep candidates with score >= this.</param>
/// <param name="NmsThreshold">Suppress a box whose IoU with a better one is greater than this.</param>
/// <param name="MaxFaces">0 = all; else the first MaxFaces by area minus twice the squared distance to the image centre.</param>
/// <param name="Session">Threads and execution provider.</param>
public sealed record ScrfdOptions(int InputWidth = 640, int InputHeight = 640, float ScoreThreshold = 0.5f, float NmsThreshold = 0.4f, int MaxFaces = 0, OnnxSessionOptions? Session = null);
