using FaceSynth.Scores;

namespace FaceSynth.Metrics;

/// <summary>NaN scores as failures to acquire (EVALUATION 1.1; bob.measure <c>get_fta</c>).</summary>
public static class FailureToAcquire
{
    /// <summary>Removes NaN scores (counting them first) and sorts what remains.</summary>
    public static FtaScores Strip(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives)
    {
        var neg = Clean(negatives, out int negNaN);
        var pos = Clean(positives, out int posNaN);
        return new FtaScores(new SortedScores(neg, pos, verify: false), negNaN, posNaN);
    }

    /// <summary>Strips a score set read from a file (its NaN scores are failures to acquire).</summary>
    public static FtaScores Strip(ScoreSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Strip(set.Negatives, set.Positives);
    }

    /// <summary>
    /// Like <see cref="Strip(ReadOnlySpan{double}, ReadOnlySpan{double})"/> but without copying: NaN scores are
    /// compacted out of the given arrays and the rest is sorted in place, so the arrays are reordered and only
    /// their leading parts are used. Meant for very large score sets loaded for one evaluation.
    /// </summary>
    public static FtaScores StripInPlace(double[] negatives, double[] positives)
    {
        ArgumentNullException.ThrowIfNull(negatives);
        ArgumentNullException.ThrowIfNull(positives);
        var neg = CompactAndSort(negatives, out int negNaN);
        var pos = CompactAndSort(positives, out int posNaN);
        return new FtaScores(new SortedScores(neg, pos, verify: false), negNaN, posNaN);
    }

    private static Memory<double> CompactAndSort(double[] values, out int nanCount)
    {
        var kept = CompactInPlace(values, out nanCount);
        ScoreSort.SortInPlace(kept);
        return kept;
    }

    /// <summary>Moves the non-NaN scores to the front of <paramref name="values"/>, in order, and returns them.</summary>
    internal static Memory<double> CompactInPlace(double[] values, out int nanCount)
    {
        int first = ScoreMath.IndexOfNaN(values);
        if (first < 0)
        {
            nanCount = 0;
            return values;
        }

        int k = first;
        for (int i = first + 1; i < values.Length; i++)
        {
            double v = values[i];
            if (!double.IsNaN(v))
            {
                values[k++] = v;
            }
        }

        nanCount = values.Length - k;
        return values.AsMemory(0, k);
    }

    private static double[] Clean(ReadOnlySpan<double> values, out int nanCount)
    {
        nanCount = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                nanCount++;
            }
        }

        var kept = new double[values.Length - nanCount];
        int k = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                kept[k++] = v;
            }
        }

        ScoreSort.SortInPlace(kept);
        return kept;
    }
}
