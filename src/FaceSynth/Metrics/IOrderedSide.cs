namespace FaceSynth.Metrics;

/// <summary>
/// One side's NaN-free scores in ascending order, read by rank or by value. A sorted span is the plain
/// case; <see cref="Bucketed.BucketedSide"/> answers the same questions without sorting everything.
/// </summary>
internal interface IOrderedSide
{
    /// <summary>Number of scores.</summary>
    int Count { get; }

    /// <summary>The score at <paramref name="rank"/> in ascending order.</summary>
    double At(int rank);

    /// <summary>#{score &lt; <paramref name="x"/>}.</summary>
    int LowerBound(double x);

    /// <summary>#{score &lt;= <paramref name="x"/>}.</summary>
    int UpperBound(double x);
}

/// <summary>A sorted span as an <see cref="IOrderedSide"/>.</summary>
internal readonly ref struct SpanSide : IOrderedSide
{
    private readonly ReadOnlySpan<double> _sorted;

    public SpanSide(ReadOnlySpan<double> sorted) => _sorted = sorted;

    public int Count => _sorted.Length;

    public double At(int rank) => _sorted[rank];

    public int LowerBound(double x) => ScoreMath.LowerBound(_sorted, x);

    public int UpperBound(double x) => ScoreMath.UpperBound(_sorted, x);
}
