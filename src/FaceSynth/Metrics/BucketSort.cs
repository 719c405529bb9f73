using System.Buffers;
using System.Runtime.InteropServices;

namespace FaceSynth.Metrics;

/// <summary>
/// One part of <see cref="ScoreSort"/>: scatters the scores of a region, as sort keys, into value
/// buckets of the buffer (one streaming pass), sorts each bucket where it lies (small buckets stay in
/// the cache) and copies the keys back over the region.
/// </summary>
internal static class BucketSort
{
    /// <summary>Target bucket size: 16 Ki keys (128 KiB) sort inside a core's L2 cache.</summary>
    private const int TargetBucket = 1 << 14;

    /// <summary>Buckets larger than this (spikes of nearly equal scores) are sorted in place by introsort.</summary>
    private const int LargestRadixBucket = 1 << 20;

    /// <summary>
    /// Sorts <paramref name="region"/>, leaving sort keys (not doubles) in it. Returns false, touching nothing,
    /// when no usable bucket range exists (for example a range that overflows).
    /// </summary>
    public static bool TrySort(Memory<double> region, ulong[] buffer, int workers)
    {
        int n = region.Length;
        int buckets = Math.Clamp(n / TargetBucket, 16, 1 << 14);
        if (!BucketMap.TryCreate(region.Span, buckets, out var map))
        {
            return false;
        }

        int chunk = (n + workers - 1) / workers;
        var counts = new int[workers][];
        var po = new ParallelOptions { MaxDegreeOfParallelism = workers };
        Parallel.For(0, workers, po, t =>
        {
            var c = counts[t] = new int[buckets];
            var src = region.Span;
            int end = Math.Min(n, (t + 1) * chunk);
            for (int i = t * chunk; i < end; i++)
            {
                c[map.Of(src[i])]++;
            }
        });

        // Chunk t's scores of bucket b follow every earlier bucket and chunks < t of bucket b.
        var starts = new int[workers][];
        var bucketStart = new int[buckets + 1];
        for (int t = 0; t < workers; t++)
        {
            starts[t] = new int[buckets];
        }

        int sum = 0;
        for (int b = 0; b < buckets; b++)
        {
            bucketStart[b] = sum;
            for (int t = 0; t < workers; t++)
            {
                starts[t][b] = sum;
                sum += counts[t][b];
            }
        }

        bucketStart[buckets] = sum;
        Parallel.For(0, workers, po, t =>
        {
            var src = region.Span;
            var offset = starts[t];
            int end = Math.Min(n, (t + 1) * chunk);
            for (int i = t * chunk; i < end; i++)
            {
                double v = src[i];
                buffer[offset[map.Of(v)]++] = ScoreSort.ToKey(v);
            }
        });

        Parallel.For(
            0,
            buckets,
            po,
            () => new RadixScratch(),
            (b, _, scratch) =>
            {
                var keys = buffer.AsSpan(bucketStart[b], bucketStart[b + 1] - bucketStart[b]);
                if (keys.Length > LargestRadixBucket)
                {
                    keys.Sort();
                }
                else if (keys.Length > 32)
                {
                    scratch.Sort(keys);
                }
                else
                {
                    keys.Sort();
                }

                return scratch;
            },
            scratch => scratch.Dispose());

        buffer.AsSpan(0, n).CopyTo(MemoryMarshal.Cast<double, ulong>(region.Span));
        return true;
    }

    /// <summary>
    /// A thread's scratch space for sorting buckets by LSD radix on <c>key - min</c>: a bucket spans a narrow
    /// range, so only the low bits differ and a few 11-bit passes suffice.
    /// </summary>
    private sealed class RadixScratch : IDisposable
    {
        private const int DigitBits = 11;
        private const int Radix = 1 << DigitBits;
        private readonly int[] _counts = new int[6 * Radix];
        private ulong[] _tmp = ArrayPool<ulong>.Shared.Rent(TargetBucket * 4);

        public void Sort(Span<ulong> keys)
        {
            int n = keys.Length;
            if (_tmp.Length < n)
            {
                ArrayPool<ulong>.Shared.Return(_tmp);
                _tmp = ArrayPool<ulong>.Shared.Rent(n);
            }

            ulong min = ulong.MaxValue, max = 0;
            foreach (ulong key in keys)
            {
                min = Math.Min(min, key);
                max = Math.Max(max, key);
            }

            int bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(max - min);
            int passes = (bits + DigitBits - 1) / DigitBits;
            if (passes == 0)
            {
                return;
            }

            var counts = _counts.AsSpan(0, passes * Radix);
            counts.Clear();
            foreach (ulong key in keys)
            {
                ulong x = key - min;
                for (int d = 0; d < passes; d++)
                {
                    counts[(d * Radix) + (int)((x >> (d * DigitBits)) & (Radix - 1))]++;
                }
            }

            Span<ulong> src = keys, dst = _tmp.AsSpan(0, n);
            for (int d = 0; d < passes; d++)
            {
                var offsets = counts.Slice(d * Radix, Radix);
                int sum = 0;
                for (int v = 0; v < Radix; v++)
                {
                    int c = offsets[v];
                    offsets[v] = sum;
                    sum += c;
                }

                int shift = d * DigitBits;
                foreach (ulong key in src)
                {
                    dst[offsets[(int)(((key - min) >> shift) & (Radix - 1))]++] = key;
                }

                var swap = src;
                src = dst;
                dst = swap;
            }

            if (src != keys)
            {
                src.CopyTo(keys);
            }
        }

        public void Dispose() => ArrayPool<ulong>.Shared.Return(_tmp);
    }

    /// <summary>A monotone map from scores to buckets: linear on a robust range, clamped at both ends.</summary>
    private readonly struct BucketMap
    {
        private readonly double _lo;
        private readonly double _hi;
        private readonly double _scale;
        private readonly int _last;

        private BucketMap(double lo, double hi, int buckets)
        {
            _lo = lo;
            _hi = hi;
            _last = buckets - 1;
            _scale = (buckets - 2) / (hi - lo);
        }

        /// <summary>A range from a strided sample (the 0.2 % and 99.8 % quantiles), or the extremes of the sample.</summary>
        public static bool TryCreate(ReadOnlySpan<double> a, int buckets, out BucketMap map)
        {
            const int samples = 4096;
            var sample = new double[samples];
            long step = Math.Max(1, a.Length / samples);
            for (int i = 0; i < samples; i++)
            {
                sample[i] = a[(int)Math.Min(a.Length - 1, i * step)];
            }

            Array.Sort(sample);
            double lo = sample[samples / 512], hi = sample[samples - 1 - (samples / 512)];
            if (!Usable(lo, hi, buckets))
            {
                (lo, hi) = (sample[0], sample[^1]);
            }

            map = new BucketMap(lo, hi, buckets);
            return Usable(lo, hi, buckets);
        }

        /// <summary>Bucket 0 holds scores below the range, the last bucket scores at or above its top.</summary>
        public int Of(double v)
        {
            if (v < _lo)
            {
                return 0;
            }

            if (v >= _hi)
            {
                return _last;
            }

            // Truncating a product of monotone operations is monotone, so buckets stay in score order.
            return Math.Min(1 + (int)((v - _lo) * _scale), _last - 1);
        }

        private static bool Usable(double lo, double hi, int buckets)
        {
            if (!(double.IsFinite(lo) && double.IsFinite(hi) && hi > lo && double.IsFinite(hi - lo)))
            {
                return false;
            }

            double scale = (buckets - 2) / (hi - lo);
            return double.IsFinite(scale) && scale > 0;
        }
    }
}
