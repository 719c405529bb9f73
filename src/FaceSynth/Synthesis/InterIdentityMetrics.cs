namespace FaceSynth.Synthesis;

/// <summary>Summary statistics of a set of angles in degrees.</summary>
/// <param name="Min">Minimum.</param>
/// <param name="Mean">Mean.</param>
/// <param name="Median">Median.</param>
/// <param name="P01">1st percentile.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="Max">Maximum.</param>
public sealed record AngleStats(double Min, double Mean, double Median, double P01, double P99, double Max)
{
    /// <summary>Statistics of <paramref name="values"/> (sorted copy; linear-interpolated percentiles).</summary>
    public static AngleStats Of(IEnumerable<double> values)
    {
        var v = values.ToArray();
        Array.Sort(v);
        double Q(double q)
        {
            double pos = q * (v.Length - 1);
            int lo = (int)Math.Floor(pos);
            int hi = Math.Min(v.Length - 1, lo + 1);
            return v[lo] + ((pos - lo) * (v[hi] - v[lo]));
        }

        return new AngleStats(v[0], v.Average(), Q(0.5), Q(0.01), Q(0.99), v[^1]);
    }
}

/// <summary>Uniqueness at one cosine threshold (SYNTHESIS.md 5.1).</summary>
/// <param name="Cos">Threshold c.</param>
/// <param name="GreedyUniqueFraction">1 - #duplicates / N, i a duplicate when an earlier row has cosine &gt; c.</param>
/// <param name="IsolatedFraction">Fraction of rows whose nearest other row has cosine &lt;= c.</param>
public sealed record Uniqueness(double Cos, double GreedyUniqueFraction, double IsolatedFraction);

/// <summary>Inter-identity metrics of SYNTHESIS.md 5.1.</summary>
public sealed record InterIdentityMetrics
{
    /// <summary>N.</summary>
    public int Count { get; init; }

    /// <summary>d.</summary>
    public int Dim { get; init; }

    /// <summary>Nearest-neighbour angle statistics in degrees.</summary>
    public required AngleStats NnAngleDeg { get; init; }

    /// <summary>Largest pairwise cosine (recomputed in double for the attaining pair).</summary>
    public double MaxCos { get; init; }

    /// <summary>Minimum pairwise angle in degrees (= arccos MaxCos).</summary>
    public double MinAngleDeg { get; init; }

    /// <summary>Histogram, mean and std over all N(N-1)/2 pairs.</summary>
    public required CosineHistogram CosAll { get; init; }

    /// <summary>Threshold in degrees -> fraction of pairs with a larger angle.</summary>
    public required IReadOnlyDictionary<double, double> PropPairsAboveAngle { get; init; }

    /// <summary>Uniqueness at each threshold.</summary>
    public required IReadOnlyList<Uniqueness> Uniqueness { get; init; }

    /// <summary>Mean distance to the nearest gallery row, when a gallery was given.</summary>
    public double? GalleryDistance { get; init; }

    /// <summary>Rough max cosine of N uniform points, sqrt(4 ln N / d).</summary>
    public double RandomBaselineMaxCos => Math.Sqrt(4 * Math.Log(Count) / Dim);
}
