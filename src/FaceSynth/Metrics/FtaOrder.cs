namespace FaceSynth.Metrics;

/// <summary>
/// NaN-free scores behind an <see cref="IScoreOrder"/>, with the NaN counts removed from each side: the rates with
/// failures to acquire (EVALUATION 1.1) for sorted (<see cref="FtaScores"/>) and bucketed scores alike.
/// </summary>
internal sealed class FtaOrder
{
    public FtaOrder(IScoreOrder order, int negativeNaNs, int positiveNaNs)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentOutOfRangeException.ThrowIfNegative(negativeNaNs);
        ArgumentOutOfRangeException.ThrowIfNegative(positiveNaNs);
        Order = order;
        NegativeNaNs = negativeNaNs;
        PositiveNaNs = positiveNaNs;
    }

    /// <summary>The NaN-free scores.</summary>
    public IScoreOrder Order { get; }

    /// <summary>NaN negatives removed.</summary>
    public int NegativeNaNs { get; }

    /// <summary>NaN positives removed.</summary>
    public int PositiveNaNs { get; }

    /// <summary>All scores before removal.</summary>
    public long TotalCount => (long)Order.NegativeCount + Order.PositiveCount + NegativeNaNs + PositiveNaNs;

    /// <summary>Failure-to-acquire rate, counts before removal.</summary>
    public double Fta => TotalCount == 0 ? 0.0 : ScoreMath.Rate((long)NegativeNaNs + PositiveNaNs, TotalCount);

    /// <summary>Rates with failures to acquire (see <see cref="FtaScores.Rates"/>).</summary>
    public FtaRates Rates(double threshold, BobVersion version = BobVersion.V6_1_0)
    {
        var r = Order.Farfrr(threshold);
        double fta = Fta;
        double far = r.Fmr * (1 - fta);
        double frr = fta + (r.Fnmr * (1 - fta));
        double hter = version == BobVersion.V3_0_0 ? (far + frr) / 2.0 : (r.Fmr + r.Fnmr) / 2.0;
        int ni = Order.NegativeCount, nc = Order.PositiveCount;
        int fm = (int)Math.Round(r.Fmr * ni, MidpointRounding.ToEven);
        int fnm = (int)Math.Round(r.Fnmr * nc, MidpointRounding.ToEven);
        return new FtaRates(fta, r.Fmr, r.Fnmr, far, frr, hter, fm, ni, fnm, nc);
    }
}
