using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace FaceSynth.Metrics;

/// <summary>
/// Sorts NaN-free scores ascending in place, fast on large inputs and with little extra memory:
/// one in-place partition into value buckets (American flag sort), then an LSD radix sort of each
/// bucket in parallel with a per-thread buffer bounded by <see cref="MaxBucket"/>. Extra memory is
/// a few tens of megabytes whatever the input size, so 100 million scores sort in about their own size.
/// </summary>
public static class ScoreSort
{
    /// <summary>Inputs shorter than this are sorted by the runtime's introsort.</summary>
    internal const int SmallSort = 1 << 14;

    /// <summary>Largest bucket sorted by radix directly; larger ones are partitioned again.</summary>
    internal const int MaxBucket = 1 << 21;

    private const int Buckets = 1024;
    private const int MaxDepth = 6;

    /// <summary>Sorts <paramref name="values"/> ascending in place. NaN is not allowed (remove failures to acquire first).</summary>
    /// <param name="values">The scores; reordered.</param>
    /// <param name="threads">Worker threads; 0 means all cores.</param>
    public static void SortInPlace(double[] values, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(values);
        SortInPlace(values.AsMemory(), threads);
    }

    /// <summary>Sorts a region of an array ascending in place (see <see cref="SortInPlace(double[], int)"/>).</summary>
    public static void SortInPlace(Memory<double> values, int threads = 0)
    {
        var span = values.Span;
        ScoreMath.RequireNoNaN(span, "scores");
        if (span.Length < SmallSort)
        {
            span.Sort();
            return;
        }

        int workers = threads > 0 ? threads : Environment.ProcessorCount;
        var pending = new List<Memory<double>>();
        Partition(values, 0, pending);
        var po = new ParallelOptions { MaxDegreeOfParallelism = workers };

        // Largest buckets first so that the last ones to finish are small.
        pending.Sort((a, b) => b.Length.CompareTo(a.Length));
        Parallel.ForEach(
            Partitioner.Create(pending, EnumerablePartitionerOptions.NoBuffering),
            po,
            () => (Buffer: (ulong[]?)null, Counts: new int[8 * 256]),
            (bucket, _, state) =>
            {
                if (bucket.Length < 64 || bucket.Length > MaxBucket)
                {
                    bucket.Span.Sort();
                    return state;
                }

                state.Buffer ??= ArrayPool<ulong>.Shared.Rent(MaxBucket);
                RadixSort(bucket.Span, state.Buffer, state.Counts);
                return state;
            },
            state =>
            {
                if (state.Buffer is not null)
                {
                    ArrayPool<ulong>.Shared.Return(state.Buffer);
                }
            });
    }

    /// <summary>
    /// Splits <paramref name="region"/> in place into value-ordered buckets and adds every bucket that
    /// still needs sorting to <paramref name="pending"/>; buckets above <see cref="MaxBucket"/> recurse.
    /// </summary>
    private static void Partition(Memory<double> region, int depth, List<Memory<double>> pending)
    {
        var a = region.Span;
        double lo = a[0], hi = a[0];
        foreach (var v in a)
        {
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }

        if (lo == hi)
        {
            return;
        }

        // Robust range from a strided sample: outliers go to the end buckets instead of squeezing the rest.
        if (a.Length <= MaxBucket || depth >= MaxDepth || !BucketMap.TryFromSample(a, lo, hi, out var map))
        {
            pending.Add(region);
            return;
        }

        var counts = new int[Buckets];
        foreach (var v in a)
        {
            counts[map.Of(v)]++;
        }

        var heads = new int[Buckets];
        var tails = new int[Buckets];
        int start = 0;
        for (int b = 0; b < Buckets; b++)
        {
            heads[b] = start;
            start += counts[b];
            tails[b] = start;
        }

        for (int b = 0; b < Buckets; b++)
        {
            while (heads[b] < tails[b])
            {
                double v = a[heads[b]];
                int k = map.Of(v);
                while (k != b)
                {
                    (v, a[heads[k]]) = (a[heads[k]], v);
                    heads[k]++;
                    k = map.Of(v);
                }

                a[heads[b]++] = v;
            }
        }

        start = 0;
        for (int b = 0; b < Buckets; b++)
        {
            if (counts[b] > 1)
            {
                Partition(region.Slice(start, counts[b]), depth + 1, pending);
            }

            start += counts[b];
        }
    }

    /// <summary>LSD radix sort on order-preserving 64-bit keys, skipping bytes that all keys share.</summary>
    private static void RadixSort(Span<double> values, ulong[] buffer, int[] counts)
    {
        int n = values.Length;
        var keys = MemoryMarshal.Cast<double, ulong>(values);
        var tmp = buffer.AsSpan(0, n);
        Array.Clear(counts);
        for (int i = 0; i < n; i++)
        {
            ulong bits = keys[i];
            ulong key = (bits & 0x8000_0000_0000_0000UL) != 0 ? ~bits : bits | 0x8000_0000_0000_0000UL;
            keys[i] = key;
            for (int d = 0; d < 8; d++)
            {
                counts[(d << 8) + (int)((key >> (d << 3)) & 0xFF)]++;
            }
        }

        Span<ulong> src = keys, dst = tmp;
        Span<int> offsets = stackalloc int[256];
        for (int d = 0; d < 8; d++)
        {
            var c = counts.AsSpan(d << 8, 256);
            int first = (int)((src[0] >> (d << 3)) & 0xFF);
            if (c[first] == n)
            {
                continue;
            }

            int sum = 0;
            for (int b = 0; b < 256; b++)
            {
                offsets[b] = sum;
                sum += c[b];
            }

            int shift = d << 3;
            for (int i = 0; i < n; i++)
            {
                ulong key = src[i];
                dst[offsets[(int)((key >> shift) & 0xFF)]++] = key;
            }

            var t = src;
            src = dst;
            dst = t;
        }

        if (src != keys)
        {
            src.CopyTo(keys);
        }

        for (int i = 0; i < n; i++)
        {
            ulong key = keys[i];
            keys[i] = (key & 0x8000_0000_0000_0000UL) != 0 ? key & 0x7FFF_FFFF_FFFF_FFFFUL : ~key;
        }
    }

    /// <summary>A monotone map from values to bucket numbers: linear on a robust range, clamped at both ends.</summary>
    private readonly struct BucketMap
    {
        private readonly double _lo;
        private readonly double _hi;
        private readonly double _scale;

        private BucketMap(double lo, double hi)
        {
            _lo = lo;
            _hi = hi;
            _scale = (Buckets - 2) / (hi - lo);
        }

        public static bool TryFromSample(ReadOnlySpan<double> a, double min, double max, out BucketMap map)
        {
            const int samples = 4096;
            var sample = new double[samples];
            long step = a.Length / samples;
            for (int i = 0; i < samples; i++)
            {
                sample[i] = a[(int)(i * step)];
            }

            Array.Sort(sample);
            double lo = sample[samples / 512], hi = sample[samples - 1 - (samples / 512)];
            if (!Usable(lo, hi))
            {
                lo = min;
                hi = max;
            }

            map = new BucketMap(lo, hi);
            return Usable(lo, hi);
        }

        private static bool Usable(double lo, double hi) =>
            double.IsFinite(lo) && double.IsFinite(hi) && hi > lo && double.IsFinite(hi - lo)
            && (Buckets - 2) / (hi - lo) is var scale && double.IsFinite(scale) && scale > 0;

        /// <summary>Bucket 0 holds values below the range, the last bucket values at or above its top.</summary>
        public int Of(double v)
        {
            if (v < _lo)
            {
                return 0;
            }

            if (v >= _hi)
            {
                return Buckets - 1;
            }

            // Truncation of a product of monotone operations is monotone, so buckets stay in value order.
            int b = 1 + (int)((v - _lo) * _scale);
            return Math.Min(b, Buckets - 2);
        }
    }
}
