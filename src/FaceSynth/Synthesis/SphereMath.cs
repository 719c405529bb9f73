using System.Numerics.Tensors;
using FaceSynth.Embeddings;

namespace FaceSynth.Synthesis;

/// <summary>Small geometric helpers on the unit hypersphere (SYNTHESIS.md 0).</summary>
public static class SphereMath
{
    /// <summary>Angle in degrees between unit vectors with cosine <paramref name="cos"/> (clamped to [-1, 1]).</summary>
    public static double AngleDeg(double cos) => Math.Acos(Math.Clamp(cos, -1.0, 1.0)) * (180.0 / Math.PI);

    /// <summary>Dot product of two float rows accumulated in double (for reported angles).</summary>
    public static double DotDouble(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++)
        {
            s += (double)a[k] * b[k];
        }

        return s;
    }

    /// <summary>Removes the component of <paramref name="g"/> along the unit vector <paramref name="x"/>.</summary>
    public static void ProjectTangent(Span<float> g, ReadOnlySpan<float> x)
    {
        float dot = TensorPrimitives.Dot(g, x);
        TensorPrimitives.MultiplyAdd(x, -dot, g, g);
    }

    /// <summary>Scales <paramref name="x"/> to unit norm; returns false when its norm is below 1e-12 or not finite.</summary>
    public static bool Normalize(Span<float> x)
    {
        float norm = TensorPrimitives.Norm(x);
        if (!(norm > 1e-12f) || !float.IsFinite(norm))
        {
            return false;
        }

        TensorPrimitives.Multiply(x, 1f / norm, x);
        return true;
    }

    /// <summary>
    /// Checks a user-supplied matrix (finite, expected dimension, no near-zero row) and returns a renormalised copy;
    /// errors name <paramref name="source"/> and the row.
    /// </summary>
    public static EmbeddingMatrix CheckedUnitCopy(EmbeddingMatrix m, int dim, string source)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Dim != dim)
        {
            throw new FaceSynthDataException(source, $"has dimension {m.Dim}, expected {dim} (the --dim of the run)");
        }

        if (m.Rows == 0)
        {
            throw new FaceSynthDataException(source, "has no rows");
        }

        m.EnsureFinite(source);
        var copy = m.Clone();
        for (int i = 0; i < copy.Rows; i++)
        {
            var row = copy.Row(i);
            if (!(SphereMath.NormDouble(row) >= 1e-6))
            {
                throw new FaceSynthDataException(source, $"row {i} has norm below 1e-6 (cannot be normalised)");
            }

            Normalize(row);
        }

        return copy;
    }

    /// <summary>L2 norm accumulated in double.</summary>
    public static double NormDouble(ReadOnlySpan<float> x) => Math.Sqrt(DotDouble(x, x));

    /// <summary>Tangent noise of unit RMS length at <paramref name="x"/>: P_x z / sqrt(d - 1) with z from <paramref name="rng"/>.</summary>
    internal static void TangentNoise(ref SynthRandom rng, ReadOnlySpan<float> x, Span<float> output)
    {
        rng.FillNormal(output);
        ProjectTangent(output, x);
        TensorPrimitives.Multiply(output, (float)(1.0 / Math.Sqrt(x.Length - 1)), output);
    }
}
