using System.Numerics.Tensors;

namespace FaceSynth.Synthesis;

/// <summary>
/// Adam (Kingma and Ba) on unit rows with tangent projection and renormalisation (SYNTHESIS.md 3.2.3). Each row is
/// updated on its own, so the result does not depend on how rows are spread over threads.
/// </summary>
internal sealed class AdamRows
{
    private readonly int _dim;

    public AdamRows(int rows, int dim)
    {
        _dim = dim;
        M = new float[rows * dim];
        V = new float[rows * dim];
    }

    /// <summary>First moments.</summary>
    public float[] M { get; }

    /// <summary>Second moments.</summary>
    public float[] V { get; }

    public void Reset()
    {
        Array.Clear(M);
        Array.Clear(V);
    }

    /// <summary>One step of row <paramref name="i"/> (bias correction with step count <paramref name="t"/>), gradient row <paramref name="g"/> (modified).</summary>
    public void Step(int i, Span<float> x, Span<float> g, long t, double lr, double beta1, double beta2, double eps, bool project)
    {
        if (project)
        {
            SphereMath.ProjectTangent(g, x);
        }

        var m = M.AsSpan(i * _dim, _dim);
        var v = V.AsSpan(i * _dim, _dim);
        float b1 = (float)beta1, b2 = (float)beta2;
        float c1 = (float)(1.0 / (1.0 - Math.Pow(beta1, t)));
        float c2 = (float)(1.0 / (1.0 - Math.Pow(beta2, t)));
        float step = (float)lr, e = (float)eps;
        for (int k = 0; k < _dim; k++)
        {
            float gk = g[k];
            float mk = (b1 * m[k]) + ((1f - b1) * gk);
            float vk = (b2 * v[k]) + ((1f - b2) * gk * gk);
            m[k] = mk;
            v[k] = vk;
            x[k] -= step * (mk * c1) / (MathF.Sqrt(vk * c2) + e);
        }

        if (!SphereMath.Normalize(x))
        {
            throw new InvalidOperationException($"row {i} collapsed to zero norm during the Adam step");
        }
    }

    /// <summary>Learning rate of step t of T: cosine decay from lr to floor * lr.</summary>
    public static double Rate(double lr, double floor, long t, long total) =>
        lr * (floor + ((1 - floor) * (1 + Math.Cos(Math.PI * (t - 1) / total)) / 2));

    /// <summary>Temperature of step t of T: geometric from tau0 to tau1.</summary>
    public static double Temperature(double tau0, double tau1, long t, long total) =>
        total <= 1 ? tau0 : tau0 * Math.Pow(tau1 / tau0, (double)(t - 1) / (total - 1));
}
