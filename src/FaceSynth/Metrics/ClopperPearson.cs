namespace FaceSynth.Metrics;

/// <summary>A two-sided confidence interval for a proportion.</summary>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound.</param>
public readonly record struct ConfidenceInterval(double Lower, double Upper);

/// <summary>Clopper-Pearson exact binomial interval (EVALUATION 2.10; bob.measure <c>utils.py</c>).</summary>
public static class ClopperPearson
{
    /// <summary>
    /// For <paramref name="successes"/> out of <paramref name="trials"/>:
    /// lower = BetaInv(alpha/2; x, n - x + 1) (0 when x = 0),
    /// upper = BetaInv(1 - alpha/2; x + 1, n - x) (1 when x = n).
    /// </summary>
    public static ConfidenceInterval Interval(long successes, long trials, double alpha = 0.05)
    {
        if (trials <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(trials), trials, "the number of trials must be positive");
        }

        if (successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, "successes must be in [0, trials]");
        }

        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in (0, 1)");
        }

        double x = successes, n = trials;
        double lower = successes == 0 ? 0.0 : SpecialFunctions.InverseRegularizedIncompleteBeta(x, n - x + 1, alpha / 2);
        double upper = successes == trials ? 1.0 : SpecialFunctions.InverseRegularizedIncompleteBeta(x + 1, n - x, 1 - (alpha / 2));
        return new ConfidenceInterval(lower, upper);
    }
}
