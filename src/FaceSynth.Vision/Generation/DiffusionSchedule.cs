namespace FaceSynth.Vision.Generation;

/// <summary>One sampling step: from <see cref="Timestep"/> to <see cref="Previous"/> (negative = past timestep 0).</summary>
/// <param name="Timestep">t, fed to the UNet.</param>
/// <param name="Previous">p = t - T_train / S.</param>
/// <param name="AlphaBar">ᾱ_t.</param>
/// <param name="AlphaBarPrevious">ᾱ_p (the final-alpha rule when p &lt; 0).</param>
public sealed record DiffusionStep(int Timestep, int Previous, double AlphaBar, double AlphaBarPrevious);

/// <summary>
/// The discrete noise schedule of SYNTHESIS.md 6.3 in double precision: β (scaled_linear or linear),
/// ᾱ_k = prod_{m &lt;= k} (1 - β_m), "leading" timesteps and the (t, p, ᾱ_t, ᾱ_p) plan of a sampling run.
/// </summary>
public sealed class DiffusionSchedule
{
    private readonly double[] _alphaBars;

    /// <summary>Builds the schedule of <paramref name="spec"/>.</summary>
    public DiffusionSchedule(DiffusionSchedulerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        _alphaBars = AlphaBars(Betas(spec.BetaSchedule, spec.BetaStart, spec.BetaEnd, spec.TrainSteps));
    }

    /// <summary>The scheduler settings.</summary>
    public DiffusionSchedulerSpec Spec { get; }

    /// <summary>ᾱ_k for k = 0..T_train-1.</summary>
    public ReadOnlySpan<double> AlphaBar => _alphaBars;

    /// <summary>β_k, k = 0..<paramref name="trainSteps"/>-1: <c>scaled_linear</c> is linear in sqrt(β), <c>linear</c> linear in β.</summary>
    public static double[] Betas(string schedule, double betaStart, double betaEnd, int trainSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainSteps, 2);
        var b = new double[trainSteps];
        double last = trainSteps - 1;
        switch (schedule)
        {
            case "scaled_linear":
                double r0 = Math.Sqrt(betaStart), r1 = Math.Sqrt(betaEnd);
                for (int k = 0; k < trainSteps; k++)
                {
                    double r = r0 + (k * (r1 - r0) / last);
                    b[k] = r * r;
                }

                break;
            case "linear":
                for (int k = 0; k < trainSteps; k++)
                {
                    b[k] = betaStart + (k * (betaEnd - betaStart) / last);
                }

                break;
            default:
                throw new ArgumentException($"unknown beta schedule '{schedule}' (scaled_linear or linear)", nameof(schedule));
        }

        return b;
    }

    /// <summary>The running product ᾱ_k = prod_{m &lt;= k} (1 - β_m).</summary>
    public static double[] AlphaBars(ReadOnlySpan<double> betas)
    {
        var a = new double[betas.Length];
        double prod = 1;
        for (int k = 0; k < betas.Length; k++)
        {
            prod *= 1 - betas[k];
            a[k] = prod;
        }

        return a;
    }

    /// <summary>"Leading" timesteps, largest first: step = T_train / S (integer division), t_s = (S - 1 - s) step + offset.</summary>
    public static int[] LeadingTimesteps(int trainSteps, int steps, int stepsOffset)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, trainSteps);
        int step = trainSteps / steps;
        var t = new int[steps];
        for (int s = 0; s < steps; s++)
        {
            t[s] = ((steps - 1 - s) * step) + stepsOffset;
        }

        return t;
    }

    /// <summary>The plan of an <paramref name="steps"/>-step run; a step count the schedule cannot run is an <see cref="ArgumentOutOfRangeException"/>.</summary>
    public IReadOnlyList<DiffusionStep> Plan(int steps)
    {
        if (LatentDiffusionSpec.StepsProblem(steps, Spec) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"steps: {problem}");
        }

        int stride = Spec.TrainSteps / steps;
        var plan = new DiffusionStep[steps];
        var ts = LeadingTimesteps(Spec.TrainSteps, steps, Spec.StepsOffset);
        for (int s = 0; s < steps; s++)
        {
            int t = ts[s], p = t - stride;
            double prev = p >= 0 ? _alphaBars[p] : Spec.FinalAlphaOne ? 1.0 : _alphaBars[0];
            plan[s] = new DiffusionStep(t, p, _alphaBars[t], prev);
        }

        return plan;
    }
}
