namespace FaceSynth.Metrics;

/// <summary>
/// NIST DETware's normal-deviate approximation <c>ppndf</c> (EVALUATION 2.6), used for DET axes.
/// </summary>
public static class Ppndf
{
    /// <summary>The clamp epsilon of the v3.0.0 C++ code; reproduces the stored DET arrays (default).</summary>
    public const double LegacyEpsilon = 2.2204e-16;

    /// <summary>Machine epsilon, as a live bob.measure v6.1.0 run uses.</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    private const double A0 = 2.5066282388, A1 = -18.6150006252, A2 = 41.3911977353, A3 = -25.4410604963;
    private const double B1 = -8.4735109309, B2 = 23.0833674374, B3 = -21.0622410182, B4 = 3.1308290983;
    private const double C0 = -2.7871893113, C1 = -2.2979647913, C2 = 4.8501412713, C3 = 2.3212127685;
    private const double D1 = 3.5438892476, D2 = 1.6370678189;

    /// <summary>The normal deviate of probability <paramref name="p"/>, clamped to [eps, 1 - eps].</summary>
    public static double Compute(double p, double epsilon = LegacyEpsilon)
    {
        if (p >= 1.0)
        {
            p = 1.0 - epsilon;
        }
        else if (p <= 0.0)
        {
            p = epsilon;
        }

        double q = p - 0.5;
        if (Math.Abs(q) <= 0.42)
        {
            double r = q * q;
            double num = (((A3 * r) + A2) * r + A1) * r + A0;
            double den = ((((B4 * r) + B3) * r + B2) * r + B1) * r + 1.0;
            return q * num / den;
        }

        double rr = q > 0 ? 1.0 - p : p;
        rr = Math.Sqrt(-Math.Log(rr));
        double outv = ((((C3 * rr) + C2) * rr + C1) * rr + C0) / ((((D2 * rr) + D1) * rr) + 1.0);
        return q < 0 ? -outv : outv;
    }

    /// <summary>Applies <see cref="Compute(double, double)"/> to every element.</summary>
    public static void Compute(ReadOnlySpan<double> p, Span<double> destination, double epsilon = LegacyEpsilon)
    {
        if (destination.Length < p.Length)
        {
            throw new ArgumentException("destination is shorter than the input", nameof(destination));
        }

        for (int i = 0; i < p.Length; i++)
        {
            destination[i] = Compute(p[i], epsilon);
        }
    }

    /// <summary>DET curve: ppndf of both ROC rows.</summary>
    internal static DetCurve Det(RocCurve roc, double epsilon)
    {
        var x = new double[roc.Fmr.Length];
        var y = new double[roc.Fnmr.Length];
        Compute(roc.Fmr, x, epsilon);
        Compute(roc.Fnmr, y, epsilon);
        return new DetCurve(x, y);
    }
}
