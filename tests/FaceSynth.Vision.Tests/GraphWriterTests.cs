using System.Diagnostics;
using FaceSynth.Vision.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FaceSynth.Vision.Tests;

public class GraphWriterTests
{
    private const float Eps = 1e-5f;

    // A small CNN on a 1 x 2 x 4 x 4 input: Conv 3x3 (pad 1) -> BN -> PReLU -> MaxPool 2 -> AveragePool 2 -> Flatten -> Gemm.
    private static string Cnn(string dir, bool fold, out float[] convW, out float[] bnScale, out float[] bnBias, out float[] bnMean, out float[] bnVar, out float[] slopes, out float[] fcW)
    {
        convW = [.. Enumerable.Range(0, 3 * 2 * 9).Select(i => ((i % 7) - 3) / 5f)];
        bnScale = [1.5f, 0.5f, 2f];
        bnBias = [0.1f, -0.2f, 0.3f];
        bnMean = [0.05f, -0.1f, 0.2f];
        bnVar = [0.9f, 1.2f, 0.4f];
        slopes = [0.25f, 0.1f, 0.5f];
        fcW = [1f, -2f, 0.5f, 0.3f, 0.7f, -1f];
        var g = new OnnxGraphBuilder("cnn");
        string x = g.Input("x", OnnxDataType.Float, 1, 2, 4, 4);
        var w = OnnxTensor.Float(convW, 3, 2, 3, 3);
        string h;
        if (fold)
        {
            var (fw, fb) = BatchNormFolding.Fold(w, null, bnScale, bnBias, bnMean, bnVar, Eps);
            h = g.Conv(x, fw, fb, stride: 1, pad: 1);
        }
        else
        {
            h = g.BatchNorm(g.Conv(x, w, null, stride: 1, pad: 1), bnScale, bnBias, bnMean, bnVar, Eps);
        }

        h = g.PRelu(h, slopes);
        h = g.MaxPool(h, 2, 2);
        h = g.AveragePool(h, 2, 2);
        h = g.Flatten(h);
        h = g.Gemm(h, OnnxTensor.Float(fcW, 2, 3), OnnxTensor.Float([0.5f, -0.5f], 2));
        g.Output(h, OnnxDataType.Float, 1, 2);
        string path = Path.Combine(dir, fold ? "cnn-folded.onnx" : "cnn.onnx");
        g.Save(path);
        return path;
    }

    private static float[] Run(string model, float[] input, long[] shape)
    {
        using var s = new InferenceSession(model);
        using var v = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var o = s.Run(new RunOptions(), [s.InputNames[0]], [v], [s.OutputNames[0]]);
        return o[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [Fact]
    public void CnnMatchesDirectComputationFoldedOrNot()
    {
        string dir = TestPaths.NewTempDir();
        var input = Enumerable.Range(0, 32).Select(i => MathF.Sin(i * 0.7f)).ToArray();
        string plain = Cnn(dir, false, out var cw, out var sc, out var bb, out var mu, out var va, out var sl, out var fw);
        string folded = Cnn(dir, true, out _, out _, out _, out _, out _, out _, out _);

        // Direct computation in double, written from the operators' definitions.
        var conv = new double[3, 4, 4];
        for (int o = 0; o < 3; o++)
        {
            for (int y = 0; y < 4; y++)
            {
                for (int x = 0; x < 4; x++)
                {
                    double s = 0;
                    for (int c = 0; c < 2; c++)
                    {
                        for (int ky = 0; ky < 3; ky++)
                        {
                            for (int kx = 0; kx < 3; kx++)
                            {
                                int iy = y + ky - 1, ix = x + kx - 1;
                                if (iy is >= 0 and < 4 && ix is >= 0 and < 4)
                                {
                                    s += cw[(((o * 2) + c) * 9) + (ky * 3) + kx] * input[(c * 16) + (iy * 4) + ix];
                                }
                            }
                        }
                    }

                    double bn = ((s - mu[o]) / Math.Sqrt(va[o] + Eps) * sc[o]) + bb[o];
                    conv[o, y, x] = bn >= 0 ? bn : bn * sl[o];
                }
            }
        }

        var pooled = new double[3];
        for (int o = 0; o < 3; o++)
        {
            double sum = 0;
            for (int py = 0; py < 2; py++)
            {
                for (int px = 0; px < 2; px++)
                {
                    sum += Math.Max(Math.Max(conv[o, 2 * py, 2 * px], conv[o, 2 * py, (2 * px) + 1]), Math.Max(conv[o, (2 * py) + 1, 2 * px], conv[o, (2 * py) + 1, (2 * px) + 1]));
                }
            }

            pooled[o] = sum / 4;
        }

        double y0 = (fw[0] * pooled[0]) + (fw[1] * pooled[1]) + (fw[2] * pooled[2]) + 0.5;
        double y1 = (fw[3] * pooled[0]) + (fw[4] * pooled[1]) + (fw[5] * pooled[2]) - 0.5;
        foreach (string model in new[] { plain, folded })
        {
            var got = Run(model, input, [1, 2, 4, 4]);
            Assert.Equal(y0, got[0], 4);
            Assert.Equal(y1, got[1], 4);
        }
    }

    [Fact]
    public void ModelInfoReadsBackWhatWasWritten()
    {
        string dir = TestPaths.NewTempDir();
        var info = OnnxModelInfo.Read(TestModels.LinearEmbedder(dir, inGraphNorm: true));
        Assert.Equal(7, info.IrVersion);
        var input = Assert.Single(info.Inputs);
        Assert.Equal("data", input.Name);
        Assert.Equal(new long?[] { null, 3, 112, 112 }, input.Dims);
        Assert.Equal("fc1", info.Nodes[^1].Name);
        Assert.Equal(["Sub", "Mul", "Flatten", "Gemm", "Identity"], info.Nodes.Select(n => n.OpType));
        Assert.True(info.HasInGraphNormalization);
        Assert.False(OnnxModelInfo.Read(TestModels.LinearEmbedder(dir, false, name: "b.onnx")).HasInGraphNormalization);
    }

    [Fact]
    public void WrittenModelsPassTheOnnxChecker()
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python))
        {
            return; // the reference checker is optional on machines without Debian's python3-onnx
        }

        string dir = TestPaths.NewTempDir();
        var models = new List<string>
        {
            TestModels.LinearEmbedder(dir, true),
            Cnn(dir, false, out _, out _, out _, out _, out _, out _, out _),
            Cnn(dir, true, out _, out _, out _, out _, out _, out _, out _),
            DetectorTests.BuildScrfd(dir, keypoints: true),
        };
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Fixtures", "check_onnx.py"));
        models.ForEach(psi.ArgumentList.Add);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (output.Contains("No module named 'onnx'", StringComparison.Ordinal))
        {
            return;
        }

        Assert.True(p.ExitCode == 0, output);
        Assert.Equal(models.Count, output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
    }
}
