using System.Numerics.Tensors;

namespace FaceSynth.Vision.Generation;

/// <summary>
/// DPM-Solver++(2M) (Lu et al. 2022) as SYNTHESIS.md 6.3 writes it, for one batch of latents: α = sqrt(ᾱ),
/// σ = sqrt(1 - ᾱ), λ = ln(α / σ), data prediction D = (z - σ_s ε) / α_s; step s -> t with h = λ_t - λ_s:
/// z = (σ_t / σ_s) z - α_t (e^(-h) - 1) D', where D' = D_s on the first step and
/// (1 + 1/(2r)) D_s - (1/(2r)) D_prev with r = h_prev / h afterwards; a step to σ = 0 returns D_s.
/// Holds the previous step's D and h, so use one instance per batch and sampling run.
/// </summary>
public sealed class DpmSolverStep
{
    private float[] _d;
    private float[] _prev;
    private readonly float[] _mix;
    private double _hPrev;
    private bool _hasPrev;

    /// <summary>State for a latent of <paramref name="length"/> elements (all rows of a batch).</summary>
    public DpmSolverStep(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _d = new float[length];
        _prev = new float[length];
        _mix = new float[length];
    }

    /// <summary>λ = ln(sqrt(ᾱ) / sqrt(1 - ᾱ)) (half the log signal-to-noise ratio).</summary>
    public static double Lambda(double alphaBar) => 0.5 * Math.Log(alphaBar / (1 - alphaBar));

    /// <summary>One step in place from ᾱ_s = <paramref name="alphaBar"/> to ᾱ_t = <paramref name="alphaBarNext"/>.</summary>
    public void Apply(Span<float> z, ReadOnlySpan<float> eps, double alphaBar, double alphaBarNext)
    {
        if (z.Length != _d.Length || eps.Length != _d.Length)
        {
            throw new ArgumentException($"latent of {z.Length} and noise of {eps.Length} values for a solver of {_d.Length}");
        }

        double alphaS = Math.Sqrt(alphaBar), sigmaS = Math.Sqrt(1 - alphaBar);
        TensorPrimitives.Multiply(z, (float)(1 / alphaS), _d);
        TensorPrimitives.MultiplyAdd(eps, (float)(-sigmaS / alphaS), _d, _d);
        if (alphaBarNext >= 1)
        {
            _d.CopyTo(z);
            _hasPrev = false;
            return;
        }

        double alphaT = Math.Sqrt(alphaBarNext), sigmaT = Math.Sqrt(1 - alphaBarNext);
        double h = Lambda(alphaBarNext) - Lambda(alphaBar);
        ReadOnlySpan<float> data = _d;
        if (_hasPrev)
        {
            double half = 1 / (2 * (_hPrev / h));
            TensorPrimitives.Multiply(_d, (float)(1 + half), _mix);
            TensorPrimitives.MultiplyAdd(_prev, (float)-half, _mix, _mix);
            data = _mix;
        }

        TensorPrimitives.Multiply(z, (float)(sigmaT / sigmaS), z);
        TensorPrimitives.MultiplyAdd(data, (float)(-alphaT * (Math.Exp(-h) - 1)), z, z);
        (_prev, _d) = (_d, _prev);
        _hPrev = h;
        _hasPrev = true;
    }
}
