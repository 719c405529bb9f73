namespace FaceSynth.Scores;

/// <summary>
/// Verification scores split into negatives (impostor, non-mated) and positives (genuine, mated).
/// NaN scores are kept (failures to acquire, EVALUATION.md 1.1); their counts are recorded so that
/// metrics can report FTA after <see cref="WithoutNaN"/>.
/// </summary>
public sealed class ScoreSet
{
    /// <summary>Wraps the arrays (no copy). <paramref name="source"/> names where the scores came from.</summary>
    public ScoreSet(double[] negatives, double[] positives, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(negatives);
        ArgumentNullException.ThrowIfNull(positives);
        Negatives = negatives;
        Positives = positives;
        Source = source;
        NegativeNaNCount = CountNaN(negatives);
        PositiveNaNCount = CountNaN(positives);
    }

    /// <summary>Impostor (non-mated) scores, in file order, NaN kept.</summary>
    public double[] Negatives { get; }

    /// <summary>Genuine (mated) scores, in file order, NaN kept.</summary>
    public double[] Positives { get; }

    /// <summary>The file (or description) the scores came from, if known.</summary>
    public string? Source { get; }

    /// <summary>Number of NaN values in <see cref="Negatives"/>.</summary>
    public int NegativeNaNCount { get; }

    /// <summary>Number of NaN values in <see cref="Positives"/>.</summary>
    public int PositiveNaNCount { get; }

    /// <summary>True when either side holds a NaN.</summary>
    public bool HasNaN => NegativeNaNCount + PositiveNaNCount > 0;

    /// <summary>
    /// The same scores with NaN removed (order kept). Returns this instance when there is no NaN. The
    /// NaN counts of the result are zero: take FTA counts from the original set.
    /// </summary>
    public ScoreSet WithoutNaN() => HasNaN
        ? new ScoreSet(Strip(Negatives, NegativeNaNCount), Strip(Positives, PositiveNaNCount), Source)
        : this;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Source ?? "scores"}: {Negatives.Length} negatives ({NegativeNaNCount} NaN), {Positives.Length} positives ({PositiveNaNCount} NaN)";

    private static int CountNaN(double[] values)
    {
        int n = 0;
        foreach (double v in values)
        {
            if (double.IsNaN(v))
            {
                n++;
            }
        }

        return n;
    }

    private static double[] Strip(double[] values, int nan)
    {
        if (nan == 0)
        {
            return values;
        }

        var result = new double[values.Length - nan];
        int k = 0;
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                result[k++] = v;
            }
        }

        return result;
    }
}
