using System.Numerics.Tensors;

namespace FaceSynth.Vision.Generation;

/// <summary>
/// The deterministic DDIM update (η = 0, SYNTHESIS.md 6.3) for an epsilon-prediction model:
/// x0 = (z - sqrt(1 - ᾱ_t) ε) / sqrt(ᾱ_t), z' = sqrt(ᾱ_p) x0 + sqrt(1 - ᾱ_p) ε.
/// </summary>
public static class DdimStep
{
    /// <summary>The predicted clean sample x0 = (z - sqrt(1 - ᾱ_t) ε) / sqrt(ᾱ_t).</summary>
    public static double PredictX0(double z, double eps, double alphaBar) => (z - (Math.Sqrt(1 - alphaBar) * eps)) / Math.Sqrt(alphaBar);

    /// <summary>One step on a scalar in double precision.</summary>
    public static double Step(double z, double eps, double alphaBar, double alphaBarPrevious) =>
        (Math.Sqrt(alphaBarPrevious) * PredictX0(z, eps, alphaBar)) + (Math.Sqrt(1 - alphaBarPrevious) * eps);

    /// <summary>The step as z' = A z + B ε: A = sqrt(ᾱ_p / ᾱ_t), B = sqrt(1 - ᾱ_p) - sqrt(ᾱ_p) sqrt(1 - ᾱ_t) / sqrt(ᾱ_t).</summary>
    public static (double A, double B) Coefficients(double alphaBar, double alphaBarPrevious)
    {
        double sp = Math.Sqrt(alphaBarPrevious), st = Math.Sqrt(alphaBar);
        return (sp / st, Math.Sqrt(1 - alphaBarPrevious) - (sp * Math.Sqrt(1 - alphaBar) / st));
    }

    /// <summary>One step in place on a float latent (coefficients in double, one fused multiply-add per element).</summary>
    public static void Apply(Span<float> z, ReadOnlySpan<float> eps, double alphaBar, double alphaBarPrevious)
    {
        if (eps.Length != z.Length)
        {
            throw new ArgumentException($"{eps.Length} noise values for a latent of {z.Length}", nameof(eps));
        }

        var (a, b) = Coefficients(alphaBar, alphaBarPrevious);
        TensorPrimitives.Multiply(z, (float)a, z);
        TensorPrimitives.MultiplyAdd(eps, (float)b, z, z);
    }
}
