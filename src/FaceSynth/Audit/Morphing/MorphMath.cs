using System.Numerics.Tensors;

namespace FaceSynth.Audit.Morphing;

/// <summary>The optimal morph embedding and its closed forms (AUDIT.md 4.2).</summary>
public static class MorphMath
{
    /// <summary>Pairs with c12 at or below -1 + this are rejected (the morph direction is undefined).</summary>
    public const double OppositeTolerance = 1e-6;

    /// <summary>e_m = normalise(β e1 + (1 - β) e2) (β = 0.5: the geodesic midpoint) written to <paramref name="morph"/>.</summary>
    public static void Morph(ReadOnlySpan<float> e1, ReadOnlySpan<float> e2, Span<float> morph, double beta = 0.5)
    {
        if (e1.Length != e2.Length || morph.Length != e1.Length)
        {
            throw new ArgumentException("e1, e2 and the output must have one length");
        }

        // Double accumulation keeps the closed form checkable to ~1e-7 in float.
        double norm = 0;
        for (int i = 0; i < e1.Length; i++)
        {
            double v = (beta * e1[i]) + ((1 - beta) * e2[i]);
            norm += v * v;
        }

        norm = Math.Sqrt(norm);
        if (!(norm > 0))
        {
            throw new ArgumentException("the two embeddings are opposite: no morph direction exists");
        }

        for (int i = 0; i < e1.Length; i++)
        {
            morph[i] = (float)(((beta * e1[i]) + ((1 - beta) * e2[i])) / norm);
        }
    }

    /// <summary>&lt;e_m, e1&gt; = &lt;e_m, e2&gt; = sqrt((1 + c12) / 2) for unit e1, e2 and β = 0.5.</summary>
    public static double IdealScore(double c12) => Math.Sqrt(Math.Max(0, (1 + c12) / 2));

    /// <summary>Whether an ideal morph of a pair with <paramref name="c12"/> reaches τ against both (c12 &gt;= 2 τ² - 1 for τ &gt;= 0).</summary>
    public static bool IdealAccepted(double c12, double tau, bool strict = false) =>
        strict ? IdealScore(c12) > tau : IdealScore(c12) >= tau;

    /// <summary>Cosine of two unit rows in double.</summary>
    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);
}
