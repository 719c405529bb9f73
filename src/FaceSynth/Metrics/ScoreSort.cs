using System.Runtime.InteropServices;

namespace FaceSynth.Metrics;

/// <summary>
/// Sorts NaN-free scores ascending in place, fast on large inputs and with bounded extra memory.
/// The array is cut into three parts. Each part is scattered, as order-preserving 64-bit keys, into
/// value buckets of a shared buffer of a third of the input (a linear map over a robust sampled
/// range, so buckets are small enough to sort inside the cache), the buckets are radix-sorted in
/// parallel and copied back; the parts are then merged with the same buffer. Every pass over the
/// whole input streams through memory: on large inputs memory traffic, not comparisons, is the cost.
/// </summary>
public static class ScoreSort
{
    /// <summary>Inputs shorter than this are sorted by the runtime's introsort.</summary>
    internal const int SmallSort = 1 << 15;

    private const int Parts = 3;
    private const ulong SignBit = 0x8000_0000_0000_0000UL;

    /// <summary>Sorts <paramref name="values"/> ascending in place. NaN is not allowed (remove failures to acquire first).</summary>
    /// <param name="values">The scores; reordered.</param>
    /// <param name="threads">Worker threads; 0 means all cores. The result does not depend on it.</param>
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
        int n = span.Length;
        if (n < SmallSort)
        {
            span.Sort();
            return;
        }

        int workers = Math.Max(1, threads > 0 ? threads : Environment.ProcessorCount);

        int partLength = (n + Parts - 1) / Parts;
        var buffer = GC.AllocateUninitializedArray<ulong>(partLength);
        var cuts = new int[Parts + 1];
        for (int p = 0; p <= Parts; p++)
        {
            cuts[p] = (int)Math.Min((long)p * partLength, n);
        }

        for (int p = 0; p < Parts; p++)
        {
            var part = values.Slice(cuts[p], cuts[p + 1] - cuts[p]);
            if (!BucketSort.TrySort(part, buffer, workers))
            {
                Transform(part, workers, toKeys: true);
                RadixSort(part, buffer, workers);
            }
        }

        // Front merge: part 0 moves to the buffer and merges forward with part 1; then the sorted front
        // stays in place while part 2 moves to the buffer and merges backward from the end.
        var keys = MemoryMarshal.Cast<double, ulong>(values.Span);
        int a = cuts[1], b = cuts[2];
        keys[..a].CopyTo(buffer);
        MergeForward(buffer.AsSpan(0, a), keys, a, b);
        keys[b..].CopyTo(buffer);
        MergeBackward(keys, b, buffer.AsSpan(0, n - b));

        Transform(values, workers, toKeys: false);
    }

    /// <summary>Maps doubles to keys whose unsigned order is the numeric order (and back).</summary>
    private static void Transform(Memory<double> values, int workers, bool toKeys)
    {
        int n = values.Length;
        int chunk = (n + workers - 1) / workers;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, t =>
        {
            int start = t * chunk;
            int end = Math.Min(n, start + chunk);
            if (start >= end)
            {
                return;
            }

            var k = MemoryMarshal.Cast<double, ulong>(values.Span[start..end]);
            for (int i = 0; i < k.Length; i++)
            {
                ulong x = k[i];
                k[i] = toKeys
                    ? ((x & SignBit) != 0 ? ~x : x | SignBit)
                    : ((x & SignBit) != 0 ? x & ~SignBit : ~x);
            }
        });
    }

    /// <summary>Maps a double to a key whose unsigned order is the numeric order.</summary>
    internal static ulong ToKey(double value)
    {
        ulong x = BitConverter.DoubleToUInt64Bits(value);
        return (x & SignBit) != 0 ? ~x : x | SignBit;
    }

    /// <summary>LSD radix sort of the keys in <paramref name="region"/>, one byte per pass, parallel over chunks; constant bytes are skipped.</summary>
    internal static void RadixSort(Memory<double> region, ulong[] buffer, int workers)
    {
        int n = region.Length;
        int chunk = (n + workers - 1) / workers;
        var counts = new int[workers][];
        var starts = new int[workers][];
        for (int t = 0; t < workers; t++)
        {
            counts[t] = new int[256];
            starts[t] = new int[256];
        }

        var po = new ParallelOptions { MaxDegreeOfParallelism = workers };
        bool inBuffer = false;
        for (int shift = 0; shift < 64; shift += 8)
        {
            bool fromBuffer = inBuffer;
            Parallel.For(0, workers, po, t =>
            {
                var src = Source(region, buffer, n, fromBuffer);
                var c = counts[t];
                Array.Clear(c);
                int end = Math.Min(n, (t + 1) * chunk);
                for (int i = t * chunk; i < end; i++)
                {
                    c[(int)((src[i] >> shift) & 0xFF)]++;
                }
            });

            // Chunk t's keys with digit v go after every smaller digit and after chunks < t with digit v,
            // which keeps the sort stable and the result independent of the thread count.
            int sum = 0;
            bool constant = false;
            for (int v = 0; v < 256; v++)
            {
                int total = 0;
                for (int t = 0; t < workers; t++)
                {
                    starts[t][v] = sum + total;
                    total += counts[t][v];
                }

                constant |= total == n;
                sum += total;
            }

            if (constant)
            {
                continue;
            }

            Parallel.For(0, workers, po, t =>
            {
                var src = Source(region, buffer, n, fromBuffer);
                var dst = Source(region, buffer, n, !fromBuffer);
                var offset = starts[t];
                int end = Math.Min(n, (t + 1) * chunk);
                for (int i = t * chunk; i < end; i++)
                {
                    ulong key = src[i];
                    dst[offset[(int)((key >> shift) & 0xFF)]++] = key;
                }
            });
            inBuffer = !inBuffer;
        }

        if (inBuffer)
        {
            buffer.AsSpan(0, n).CopyTo(MemoryMarshal.Cast<double, ulong>(region.Span));
        }
    }

    private static Span<ulong> Source(Memory<double> region, ulong[] buffer, int n, bool fromBuffer) =>
        fromBuffer ? buffer.AsSpan(0, n) : MemoryMarshal.Cast<double, ulong>(region.Span);

    /// <summary>Merges sorted <paramref name="left"/> (a copy of keys[0..mid)) with keys[mid..end) into keys[0..end).</summary>
    private static void MergeForward(ReadOnlySpan<ulong> left, Span<ulong> keys, int mid, int end)
    {
        int i = 0, j = mid, k = 0;
        while (i < left.Length && j < end)
        {
            // Equal keys take the left one first, so the merge is stable.
            if (keys[j] < left[i])
            {
                keys[k++] = keys[j++];
            }
            else
            {
                keys[k++] = left[i++];
            }
        }

        while (i < left.Length)
        {
            keys[k++] = left[i++];
        }
    }

    /// <summary>Merges sorted keys[0..mid) with sorted <paramref name="right"/> (a copy of keys[mid..)) from the end.</summary>
    private static void MergeBackward(Span<ulong> keys, int mid, ReadOnlySpan<ulong> right)
    {
        int i = mid - 1, j = right.Length - 1, k = keys.Length - 1;
        while (i >= 0 && j >= 0)
        {
            if (right[j] < keys[i])
            {
                keys[k--] = keys[i--];
            }
            else
            {
                keys[k--] = right[j--];
            }
        }

        while (j >= 0)
        {
            keys[k--] = right[j--];
        }
    }
}
