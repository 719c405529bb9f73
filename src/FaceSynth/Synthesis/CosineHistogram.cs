namespace FaceSynth.Synthesis;

/// <summary>
/// Histogram of cosines on [-1, 1] with 2,000 bins of width 0.001, <c>bin = min(1999, floor((c + 1) / 0.001))</c>
/// (SYNTHESIS.md 5.1), with count, mean and standard deviation.
/// </summary>
public sealed class CosineHistogram
{
    /// <summary>Number of bins.</summary>
    public const int Bins = 2000;

    /// <summary>Bin width.</summary>
    public const double Width = 0.001;

    /// <summary>Counts per bin.</summary>
    public long[] Counts { get; } = new long[Bins];

    /// <summary>Number of values.</summary>
    public long Count { get; internal set; }

    /// <summary>Mean of the values.</summary>
    public double Mean { get; internal set; }

    /// <summary>Population standard deviation of the values.</summary>
    public double Std { get; internal set; }

    /// <summary>Bin of cosine <paramref name="c"/>.</summary>
    public static int BinOf(double c) => Math.Clamp((int)Math.Floor((c + 1.0) / Width), 0, Bins - 1);

    /// <summary>The value below which a fraction <paramref name="q"/> of the counts lie (bin centre).</summary>
    public double Quantile(double q)
    {
        long target = (long)Math.Ceiling(q * Count);
        long acc = 0;
        for (int b = 0; b < Bins; b++)
        {
            acc += Counts[b];
            if (acc >= Math.Max(1, target))
            {
                return -1.0 + ((b + 0.5) * Width);
            }
        }

        return 1.0;
    }

    /// <summary>Builds a histogram from explicit values.</summary>
    public static CosineHistogram Of(ReadOnlySpan<float> values)
    {
        var h = new CosineHistogram();
        double s = 0, s2 = 0;
        foreach (float v in values)
        {
            h.Counts[BinOf(v)]++;
            s += v;
            s2 += (double)v * v;
        }

        h.Finish(values.Length, s, s2);
        return h;
    }

    internal void Finish(long count, double sum, double sumSq)
    {
        Count = count;
        Mean = count > 0 ? sum / count : double.NaN;
        Std = count > 0 ? Math.Sqrt(Math.Max(0, (sumSq / count) - (Mean * Mean))) : double.NaN;
    }
}
