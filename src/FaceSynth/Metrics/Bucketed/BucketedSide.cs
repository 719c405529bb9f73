namespace FaceSynth.Metrics.Bucketed;

/// <summary>
/// One side's NaN-free scores split by a <see cref="BucketMap"/>: bucket counts always, and the sorted
/// contents of the buckets a computation reads. A sorted side holds every bucket already (its buckets are
/// slices of the sorted array); a raw side keeps its scores in their original order, counts them in one
/// pass and copies out and sorts only the buckets asked for (<see cref="Gather"/>), so the ranks and values
/// that bob's thresholds read cost two passes over the data instead of a full sort.
/// </summary>
internal sealed class BucketedSide : IOrderedSide
{
    private readonly ReadOnlyMemory<double> _values;
    private readonly BucketMap _map;
    private readonly int[] _start;
    private readonly int[][]? _threadCounts;
    private readonly double[]?[]? _buckets;
    private int[]? _next;
    private int[]? _prev;

    private BucketedSide(ReadOnlyMemory<double> values, BucketMap map, int[] start, int[][]? threadCounts)
    {
        _values = values;
        _map = map;
        _start = start;
        _threadCounts = threadCounts;
        _buckets = threadCounts is null ? null : new double[]?[map.Count];
    }

    /// <summary>Number of scores.</summary>
    public int Count => _values.Length;

    /// <summary>True when the side's array is sorted (every bucket readable without a gather).</summary>
    public bool IsSorted => _buckets is null;

    /// <summary>Scores copied out of the raw array by gathers so far.</summary>
    public long Gathered { get; private set; }

    /// <summary>Gathers that were not planned (a bucket read before <see cref="Gather"/> asked for it).</summary>
    public int LazyGathers { get; private set; }

    /// <summary>Passes over the raw array made by gathers.</summary>
    public int GatherPasses { get; private set; }

    /// <summary>Wraps an ascending, NaN-free array.</summary>
    public static BucketedSide Sorted(ReadOnlyMemory<double> sorted, BucketMap map)
    {
        var s = sorted.Span;
        var start = new int[map.Count + 1];
        int b = 0;
        for (int i = 0; i < s.Length; i++)
        {
            int bi = map.Of(s[i]);
            while (b < bi)
            {
                start[++b] = i;
            }
        }

        while (b < map.Count)
        {
            start[++b] = s.Length;
        }

        return new BucketedSide(sorted, map, start, null);
    }

    /// <summary>
    /// Counts the buckets of NaN-free scores in their original order (one parallel pass). When
    /// <paramref name="sortedOther"/> is given, the same pass adds up the Mann-Whitney wins of the pairs that
    /// share a bucket (<paramref name="withinTwiceWins"/>, see <see cref="BucketedScores.MannWhitneyAuc"/>).
    /// </summary>
    public static BucketedSide Raw(
        ReadOnlyMemory<double> values, BucketMap map, int workers, BucketedSide? sortedOther, bool rawIsNegative, out long withinTwiceWins)
    {
        int n = values.Length;
        int b = map.Count;
        workers = Math.Max(1, Math.Min(workers, Math.Max(1, n / (1 << 16))));
        var counts = new int[workers][];
        var wins = new long[workers];
        int chunk = (n + workers - 1) / workers;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, t =>
        {
            var c = new int[b];
            int lo = Math.Min(n, t * chunk), hi = Math.Min(n, lo + chunk);
            var span = values.Span[lo..hi];
            if (sortedOther is null)
            {
                CountOnly(span, map, c);
            }
            else
            {
                wins[t] = CountWithWins(span, map, c, sortedOther, rawIsNegative);
            }
            counts[t] = c;
        });

        var start = new int[b + 1];
        for (int i = 0; i < b; i++)
        {
            int sum = 0;
            for (int t = 0; t < workers; t++)
            {
                sum += counts[t][i];
            }

            start[i + 1] = start[i] + sum;
        }

        withinTwiceWins = wins.Sum();
        return new BucketedSide(values, map, start, counts);
    }

    /// <summary>First rank of bucket <paramref name="b"/> (<c>b == Count</c> of the map gives the side's size).</summary>
    public int Start(int b) => _start[b];

    /// <summary>Scores in bucket <paramref name="b"/>.</summary>
    public int CountIn(int b) => _start[b + 1] - _start[b];

    /// <summary>Bucket holding <paramref name="rank"/>.</summary>
    public int BucketOfRank(int rank)
    {
        // Last b with start[b] <= rank; that bucket is not empty because start[b + 1] > rank.
        int lo = 0, hi = _map.Count - 1;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi + 1) >> 1);
            if (_start[mid] <= rank)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    /// <summary>Next bucket after <paramref name="b"/> with scores, or the map's count.</summary>
    public int NextNonEmpty(int b) => (_next ??= BuildNext())[b];

    /// <summary>Last bucket before <paramref name="b"/> with scores, or -1.</summary>
    public int PreviousNonEmpty(int b) => (_prev ??= BuildPrevious())[b];

    /// <summary>The sorted scores of bucket <paramref name="b"/> (gathered now, one pass, if not planned).</summary>
    public ReadOnlySpan<double> Bucket(int b)
    {
        if (_buckets is null)
        {
            return _values.Span.Slice(_start[b], CountIn(b));
        }

        if (_buckets[b] is null && CountIn(b) > 0)
        {
            LazyGathers++;
            var one = new bool[_map.Count];
            one[b] = true;
            Gather(one);
        }

        return _buckets[b] ?? [];
    }

    /// <summary>True when bucket <paramref name="b"/> can be read without a pass over the data.</summary>
    public bool IsAvailable(int b) => _buckets is null || CountIn(b) == 0 || _buckets[b] is not null;

    /// <summary>Number of scores a <see cref="Gather"/> of <paramref name="selected"/> would copy.</summary>
    public long GatherSize(bool[] selected)
    {
        long total = 0;
        for (int b = 0; b < selected.Length; b++)
        {
            if (selected[b] && !IsAvailable(b))
            {
                total += CountIn(b);
            }
        }

        return total;
    }

    /// <summary>Copies out and sorts the selected buckets that are not available yet, in one pass over the data.</summary>
    public void Gather(bool[] selected)
    {
        if (_buckets is null || _threadCounts is null)
        {
            return;
        }

        int nb = _map.Count;
        var wanted = new List<int>();
        for (int b = 0; b < nb; b++)
        {
            if (selected[b] && !IsAvailable(b))
            {
                wanted.Add(b);
            }
        }

        if (wanted.Count == 0)
        {
            return;
        }

        int workers = _threadCounts.Length;
        var cursors = new int[workers][];
        var take = new bool[nb];
        foreach (int b in wanted)
        {
            _buckets[b] = GC.AllocateUninitializedArray<double>(CountIn(b));
            take[b] = true;
        }

        for (int t = 0; t < workers; t++)
        {
            cursors[t] = new int[nb];
        }

        foreach (int b in wanted)
        {
            int at = 0;
            for (int t = 0; t < workers; t++)
            {
                cursors[t][b] = at;
                at += _threadCounts[t][b];
            }
        }

        int n = _values.Length;
        int chunk = (n + workers - 1) / workers;
        var buckets = _buckets;
        var map = _map;
        var values = _values;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, t =>
        {
            int lo = Math.Min(n, t * chunk), hi = Math.Min(n, lo + chunk);
            var span = values.Span[lo..hi];
            var cursor = cursors[t];
            foreach (double v in span)
            {
                int b = map.Of(v);
                if (take[b])
                {
                    buckets[b]![cursor[b]++] = v;
                }
            }
        });

        Parallel.ForEach(wanted, new ParallelOptions { MaxDegreeOfParallelism = workers }, b => Array.Sort(buckets[b]!));
        GatherPasses++;
        foreach (int b in wanted)
        {
            Gathered += CountIn(b);
        }
    }

    /// <inheritdoc/>
    public double At(int rank)
    {
        if (_buckets is null)
        {
            return _values.Span[rank];
        }

        int b = BucketOfRank(rank);
        return Bucket(b)[rank - _start[b]];
    }

    /// <inheritdoc/>
    public int LowerBound(double x)
    {
        if (_buckets is null)
        {
            return ScoreMath.LowerBound(_values.Span, x);
        }

        int b = _map.Of(x);
        return CountIn(b) == 0 ? _start[b] : _start[b] + ScoreMath.LowerBound(Bucket(b), x);
    }

    /// <inheritdoc/>
    public int UpperBound(double x)
    {
        if (_buckets is null)
        {
            return ScoreMath.UpperBound(_values.Span, x);
        }

        int b = _map.Of(x);
        return CountIn(b) == 0 ? _start[b] : _start[b] + ScoreMath.UpperBound(Bucket(b), x);
    }

    private static void CountOnly(ReadOnlySpan<double> span, BucketMap map, int[] counts)
    {
        foreach (double v in span)
        {
            counts[map.Of(v)]++;
        }
    }

    private static long CountWithWins(ReadOnlySpan<double> span, BucketMap map, int[] counts, BucketedSide other, bool rawIsNegative)
    {
        var start = other._start;
        var sorted = other._values.Span;
        long twice = 0;
        foreach (double v in span)
        {
            int b = map.Of(v);
            counts[b]++;
            int os = start[b], len = start[b + 1] - os;
            if (len == 0)
            {
                continue;
            }

            var slice = sorted.Slice(os, len);
            int lb = ScoreMath.LowerBound(slice, v);
            int ub = lb;
            while (ub < len && slice[ub] == v)
            {
                ub++;
            }

            // A raw negative wins against the positives above it; a raw positive against the negatives below it.
            twice += rawIsNegative ? (2L * (len - ub)) + (ub - lb) : (2L * lb) + (ub - lb);
        }

        return twice;
    }

    private int[] BuildNext()
    {
        int nb = _map.Count;
        var next = new int[nb];
        int after = nb;
        for (int b = nb - 1; b >= 0; b--)
        {
            next[b] = after;
            if (CountIn(b) > 0)
            {
                after = b;
            }
        }

        return next;
    }

    private int[] BuildPrevious()
    {
        int nb = _map.Count;
        var prev = new int[nb];
        int before = -1;
        for (int b = 0; b < nb; b++)
        {
            prev[b] = before;
            if (CountIn(b) > 0)
            {
                before = b;
            }
        }

        return prev;
    }
}
