namespace FaceSynth.Metrics.Bucketed;

/// <summary>
/// A monotone map from scores to bucket indices: a linear map over a robust range taken from a sample,
/// with the first and last bucket holding everything below and above it. Equal scores share a bucket and
/// a larger score never maps to a smaller bucket, so buckets are ranges of the sorted order.
/// </summary>
internal sealed class BucketMap
{
    private const int SampleSize = 1 << 14;
    private readonly double _lo;
    private readonly double _scale;
    private readonly double _last;

    private BucketMap(double lo, double scale, int count)
    {
        _lo = lo;
        _scale = scale;
        Count = count;
        _last = count - 1;
    }

    /// <summary>Number of buckets.</summary>
    public int Count { get; }

    /// <summary>
    /// A map with <paramref name="count"/> buckets whose inner buckets span the 0.1 %..99.9 % range of an even
    /// sample of <paramref name="values"/>, or null when the sample has (almost) no spread.
    /// </summary>
    public static BucketMap? FromSample(ReadOnlySpan<double> values, int count)
    {
        if (values.Length < 2 || count < 4)
        {
            return null;
        }

        int m = Math.Min(SampleSize, values.Length);
        var sample = new double[m];
        long stride = values.Length / m;
        for (int i = 0; i < m; i++)
        {
            sample[i] = values[(int)(i * stride)];
        }

        Array.Sort(sample);
        double lo = sample[m / 1000], hi = sample[m - 1 - (m / 1000)];
        if (!(hi > lo))
        {
            lo = sample[0];
            hi = sample[m - 1];
        }

        double scale = (count - 2) / (hi - lo);
        return hi > lo && double.IsFinite(lo) && double.IsFinite(hi) && double.IsFinite(scale) && scale > 0
            ? new BucketMap(lo, scale, count)
            : null;
    }

    /// <summary>Bucket of <paramref name="value"/> (not NaN).</summary>
    public int Of(double value)
    {
        double x = ((value - _lo) * _scale) + 1.0;
        if (!(x >= 1.0))
        {
            return 0;
        }

        return x >= _last ? Count - 1 : (int)x;
    }
}
