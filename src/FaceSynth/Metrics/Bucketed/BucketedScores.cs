namespace FaceSynth.Metrics.Bucketed;

/// <summary>
/// Negative and positive scores answered from value buckets: the smaller side is sorted, the larger side is
/// only counted per bucket (one pass, which also adds up the Mann-Whitney wins), and the buckets that bob's
/// thresholds, rates and sweeps actually read are copied out and sorted (<see cref="TryPlan"/>, one more pass).
/// Every answer equals <see cref="SortedScores"/>'s to the last bit: thresholds read the same order statistics,
/// and the sweeps replay bob's running sums and visit, in order, every bucket that can hold the minimum.
/// </summary>
internal sealed class BucketedScores : IScoreOrder
{
    private readonly BucketMap _map;
    private readonly BucketedSide _neg;
    private readonly BucketedSide _pos;
    private readonly BucketedSide _raw;
    private readonly double _mannWhitney;
    private readonly Dictionary<(bool Absolute, double Cost), double> _sweeps = [];
    private double[]? _farAt;
    private double[]? _frrAt;

    private BucketedScores(BucketMap map, BucketedSide neg, BucketedSide pos, double mannWhitney)
    {
        _map = map;
        _neg = neg;
        _pos = pos;
        _raw = neg.IsSorted ? pos : neg;
        _mannWhitney = mannWhitney;
    }

    /// <summary>The negative side.</summary>
    public BucketedSide Negative => _neg;

    /// <summary>The positive side.</summary>
    public BucketedSide Positive => _pos;

    /// <summary>The side that is counted and gathered rather than sorted.</summary>
    public BucketedSide RawSide => _raw;

    /// <inheritdoc/>
    public int NegativeCount => _neg.Count;

    /// <inheritdoc/>
    public int PositiveCount => _pos.Count;

    /// <summary>
    /// Buckets NaN-free scores, sorting the smaller side (in place when <paramref name="sortInPlace"/>, else a
    /// copy); null when the larger side's sample has no spread (ties everywhere: sort instead).
    /// </summary>
    public static BucketedScores? TryCreate(Memory<double> negatives, Memory<double> positives, bool sortInPlace, int workers, int buckets = 0)
    {
        ScoreMath.RequireBothSides(negatives.Length, positives.Length);
        workers = Math.Max(1, workers > 0 ? workers : Environment.ProcessorCount);
        bool rawIsNegative = negatives.Length >= positives.Length;
        var large = rawIsNegative ? negatives : positives;
        var small = rawIsNegative ? positives : negatives;
        int count = buckets > 0 ? buckets : AutoBuckets(large.Length);
        var map = BucketMap.FromSample(large.Span, count);
        if (map is null)
        {
            return null;
        }

        if (!sortInPlace)
        {
            small = small.ToArray();
        }

        ScoreSort.SortInPlace(small, workers);
        var sorted = BucketedSide.Sorted(small, map);
        var raw = BucketedSide.Raw(large, map, workers, sorted, rawIsNegative, out long within);

        long cross = 0;
        for (int b = 0; b < map.Count; b++)
        {
            // Pairs in different buckets: a raw negative beats every positive in a higher bucket, a raw positive every negative in a lower one.
            cross += rawIsNegative
                ? 2L * raw.CountIn(b) * (sorted.Count - sorted.Start(b + 1))
                : 2L * raw.CountIn(b) * sorted.Start(b);
        }

        var neg = rawIsNegative ? raw : sorted;
        var pos = rawIsNegative ? sorted : raw;
        double auc = (cross + within) / (2.0 * neg.Count * pos.Count);
        return new BucketedScores(map, neg, pos, auc);
    }

    /// <summary>About 400 scores a bucket, between 2^12 and 2^18 buckets.</summary>
    internal static int AutoBuckets(int n) => Math.Clamp(n / 400, 1 << 12, 1 << 18);

    /// <summary>
    /// Gathers, in one pass, every bucket that <paramref name="plan"/> will read; false (nothing gathered)
    /// when that is more than <paramref name="budget"/> scores.
    /// </summary>
    public bool TryPlan(ScorePlan plan, long budget)
    {
        var sel = new bool[_map.Count];
        PlanRank(sel, 0);
        PlanRank(sel, _raw.Count - 1);
        foreach (double r in plan.FarRates)
        {
            PlanThreshold(sel, _neg, Thresholds.FarThresholdRank(_neg.Count, r), () => FarThreshold(r));
        }

        foreach (double r in plan.FrrRates)
        {
            PlanThreshold(sel, _pos, Thresholds.FrrThresholdRank(_pos.Count, r), () => FrrThreshold(r));
        }

        foreach (double v in plan.Values)
        {
            PlanValue(sel, v);
        }

        if (plan.Eer)
        {
            PlanSweep(sel, absolute: true, 0.0);
        }

        foreach (double cost in plan.WeightedCosts)
        {
            PlanSweep(sel, absolute: false, ClipCost(cost));
        }

        if (_raw.GatherSize(sel) > budget)
        {
            return false;
        }

        _raw.Gather(sel);
        return true;
    }

    /// <inheritdoc/>
    public int CountFalseMatches(double threshold) => _neg.Count - _neg.LowerBound(threshold);

    /// <inheritdoc/>
    public int CountFalseNonMatches(double threshold) => _pos.LowerBound(threshold);

    /// <inheritdoc/>
    public double FarThreshold(double far) => Thresholds.FarThreshold(_neg, far);

    /// <inheritdoc/>
    public double FrrThreshold(double frr) => Thresholds.FrrThreshold(_pos, frr, BobVersion.V6_1_0);

    /// <inheritdoc/>
    public double EerThreshold() => Sweep(absolute: true, 0.0);

    /// <inheritdoc/>
    public double MinWeightedErrorRateThreshold(double cost) => Sweep(absolute: false, ClipCost(cost));

    /// <inheritdoc/>
    public double MannWhitneyAuc() => _mannWhitney;

    private static double ClipCost(double cost) => cost > 1.0 ? 1.0 : cost < 0.0 ? 0.0 : cost;

    private void Mark(bool[] sel, int b)
    {
        if (b >= 0 && b < sel.Length && _raw.CountIn(b) > 0)
        {
            sel[b] = true;
        }
    }

    private void PlanRank(bool[] sel, int rank)
    {
        int b = _raw.BucketOfRank(rank);
        Mark(sel, b);
        Mark(sel, _raw.PreviousNonEmpty(b));
        Mark(sel, _raw.NextNonEmpty(b));
    }

    private void PlanValue(bool[] sel, double value)
    {
        if (!double.IsNaN(value))
        {
            Mark(sel, _map.Of(value));
        }
    }

    private void PlanThreshold(bool[] sel, BucketedSide side, int rank, Func<double> threshold)
    {
        if (rank < 0)
        {
            return;
        }

        if (side == _raw)
        {
            PlanRank(sel, rank);
        }
        else
        {
            // The sorted side answers now; the raw side will be asked for counts at that value.
            PlanValue(sel, threshold());
        }
    }

    private void PlanSweep(bool[] sel, bool absolute, double cost)
    {
        foreach (int b in RefinedBuckets(absolute, cost))
        {
            Mark(sel, b);
            Mark(sel, PreviousNonEmpty(b));
        }

        // The final state sits at the smaller of the two maxima; the score after it may be in the next bucket.
        var sorted = _raw == _neg ? _pos : _neg;
        int lastRaw = _raw.BucketOfRank(_raw.Count - 1);
        int end = Math.Min(_map.Of(sorted.At(sorted.Count - 1)), lastRaw);
        Mark(sel, end);
        Mark(sel, _raw.NextNonEmpty(end));
    }

    private int PreviousNonEmpty(int b) => Math.Max(_neg.PreviousNonEmpty(b), _pos.PreviousNonEmpty(b));

    /// <summary>bob's running FAR and FRR after all scores of the buckets before each bucket boundary.</summary>
    private void EnsureRunningRates()
    {
        if (_farAt is not null)
        {
            return;
        }

        int nb = _map.Count;
        var far = new double[nb + 1];
        var frr = new double[nb + 1];
        double f = 1.0, r = 0.0, dF = 1.0 / _neg.Count, dR = 1.0 / _pos.Count;
        far[0] = f;
        frr[0] = r;
        for (int b = 0; b < nb; b++)
        {
            // One subtraction per score, as bob's sweep does: the rounding of these sums is part of its answer.
            for (int k = _neg.CountIn(b); k > 0; k--)
            {
                f -= dF;
            }

            for (int k = _pos.CountIn(b); k > 0; k--)
            {
                r += dR;
            }

            far[b + 1] = f;
            frr[b + 1] = r;
        }

        _farAt = far;
        _frrAt = frr;
    }

    private static double F(bool absolute, double far, double frr, double cost) =>
        absolute ? Math.Abs(far - frr) : (cost * far) + ((1.0 - cost) * frr);

    /// <summary>
    /// Buckets whose sweep states may reach the minimum: a state's value is bounded below from the running rates
    /// at the bucket's two ends (both are monotone), and bounded above by the states at bucket starts.
    /// </summary>
    private List<int> RefinedBuckets(bool absolute, double cost)
    {
        EnsureRunningRates();
        var far = _farAt!;
        var frr = _frrAt!;
        int nNeg = _neg.Count, nPos = _pos.Count, nb = _map.Count;
        double upper = double.PositiveInfinity;
        for (int b = 0; b < nb; b++)
        {
            if (_neg.CountIn(b) + _pos.CountIn(b) == 0)
            {
                continue;
            }

            if (_neg.Start(b) >= nNeg || _pos.Start(b) >= nPos)
            {
                break;
            }

            upper = Math.Min(upper, F(absolute, far[b], frr[b], cost));
        }

        var refined = new List<int>();
        for (int b = 0; b < nb; b++)
        {
            if (_neg.CountIn(b) + _pos.CountIn(b) == 0)
            {
                continue;
            }

            if (_neg.Start(b) >= nNeg || _pos.Start(b) >= nPos)
            {
                break;
            }

            double lower;
            if (absolute)
            {
                double high = far[b] - frr[b], low = far[b + 1] - frr[b + 1];
                lower = low <= 0.0 && high >= 0.0 ? 0.0 : Math.Min(Math.Abs(high), Math.Abs(low));
            }
            else
            {
                lower = (cost * far[b + 1]) + ((1.0 - cost) * frr[b]);
            }

            if (lower <= upper)
            {
                refined.Add(b);
            }
        }

        return refined;
    }

    /// <summary>bob's minimising sweep (<see cref="Metrics.Sweep"/>), replayed only inside the refined buckets.</summary>
    private double Sweep(bool absolute, double cost)
    {
        if (_sweeps.TryGetValue((absolute, cost), out double cached))
        {
            return cached;
        }

        var refined = RefinedBuckets(absolute, cost);
        var farAt = _farAt!;
        var frrAt = _frrAt!;
        int nNeg = _neg.Count, nPos = _pos.Count;
        double dF = 1.0 / nNeg, dR = 1.0 / nPos;
        double best = 1e8, bestT = 1e8;
        foreach (int b in refined)
        {
            var negB = _neg.Bucket(b);
            var posB = _pos.Bucket(b);
            int i = _neg.Start(b), j = _pos.Start(b);
            double far = farAt[b], frr = frrAt[b];
            double first = Math.Min(negB.Length > 0 ? negB[0] : double.PositiveInfinity, posB.Length > 0 ? posB[0] : double.PositiveInfinity);
            double t;
            int pb = PreviousNonEmpty(b);
            if (pb < 0)
            {
                t = first;
            }
            else
            {
                var negP = _neg.Bucket(pb);
                var posP = _pos.Bucket(pb);
                t = Math.Max(negP.Length > 0 ? negP[^1] : double.NegativeInfinity, posP.Length > 0 ? posP[^1] : double.NegativeInfinity);
                t += first;
                t /= 2;
            }

            int ii = 0, jj = 0;
            while (i < nNeg && j < nPos && (ii < negB.Length || jj < posB.Length))
            {
                double value = F(absolute, far, frr, cost);
                if (value <= best)
                {
                    best = value;
                    bestT = t;
                }

                if (jj >= posB.Length || (ii < negB.Length && posB[jj] >= negB[ii]))
                {
                    t = negB[ii++];
                    i++;
                    far -= dF;
                }
                else
                {
                    t = posB[jj++];
                    j++;
                    frr += dR;
                }

                while (ii < negB.Length && t == negB[ii])
                {
                    ii++;
                    i++;
                    far -= dF;
                }

                while (jj < posB.Length && t == posB[jj])
                {
                    jj++;
                    j++;
                    frr += dR;
                }

                if (ii < negB.Length || jj < posB.Length)
                {
                    t += Math.Min(ii < negB.Length ? negB[ii] : double.PositiveInfinity, jj < posB.Length ? posB[jj] : double.PositiveInfinity);
                    t /= 2;
                }
            }
        }

        // The state where one side runs out is evaluated after the loop, with a strict comparison.
        double maxNeg = _neg.At(nNeg - 1), maxPos = _pos.At(nPos - 1);
        double end = Math.Min(maxNeg, maxPos);
        int iK = _neg.UpperBound(end), jK = _pos.UpperBound(end);
        int bK = _map.Of(end);
        double farK = farAt[bK], frrK = frrAt[bK];
        for (int k = iK - _neg.Start(bK); k > 0; k--)
        {
            farK -= dF;
        }

        for (int k = jK - _pos.Start(bK); k > 0; k--)
        {
            frrK += dR;
        }

        double tK = end;
        if (maxNeg != maxPos)
        {
            tK += maxNeg < maxPos ? _pos.At(jK) : _neg.At(iK);
            tK /= 2;
        }

        double last = F(absolute, farK, frrK, cost);
        if (last < best)
        {
            best = last;
            bestT = tK;
        }

        if (iK < nNeg || jK < nPos)
        {
            double top = iK < nNeg ? ScoreMath.Up(maxNeg) : ScoreMath.Up(maxPos);
            if (F(absolute, 0.0, 1.0, cost) < best)
            {
                bestT = top;
            }
        }

        _sweeps[(absolute, cost)] = bestT;
        return bestT;
    }
}
