using FaceSynth.Vision.Onnx;

namespace FaceSynth.Vision.Tests;

/// <summary>Models built with the graph writer whose outputs are known in closed form.</summary>
internal static class TestModels
{
    public const int Size = 112;
    public const int Plane = Size * Size;

    /// <summary>
    /// A linear embedder y = W x (x = the normalised NCHW input, flattened) with 4 outputs:
    /// y0 = mean of all 3 planes, y1 = mean of the R plane, y2 = (sum of left-half R - sum of right-half R) / (Plane / 2),
    /// y3 = mean of the B plane + 0.25 (bias). With <paramref name="inGraphNorm"/> the graph starts with
    /// Sub(127.5) and Mul(1/127.5) nodes named as MXNet exports name them.
    /// </summary>
    public static string LinearEmbedder(string dir, bool inGraphNorm, long batch = -1, string name = "linear.onnx")
    {
        int n = 3 * Plane;
        var w = new float[4 * n];
        for (int i = 0; i < n; i++)
        {
            w[i] = 1f / n;
        }

        for (int i = 0; i < Plane; i++)
        {
            w[n + i] = 1f / Plane;
            int x = i % Size;
            w[(2 * n) + i] = (x < Size / 2 ? 1f : -1f) / (Plane / 2);
            w[(3 * n) + (2 * Plane) + i] = 1f / Plane;
        }

        var g = new OnnxGraphBuilder("linear-embedder");
        string x0 = g.Input("data", OnnxDataType.Float, batch, 3, Size, Size);
        string h = inGraphNorm ? g.Normalize(x0, 127.5f, 127.5f) : x0;
        string f = g.Flatten(h);
        string y = g.Gemm(f, OnnxTensor.Float(w, 4, n), OnnxTensor.Float([0f, 0f, 0f, 0.25f], 4));
        string o = g.Identity(y, "fc1");
        g.Output(o, OnnxDataType.Float, batch, 4);
        string path = Path.Combine(dir, name);
        g.Save(path);
        return path;
    }

    /// <summary>Normalised value of an 8-bit pixel under insightface's rule.</summary>
    public static double Norm(int v) => (v - 127.5) / 127.5;
}
