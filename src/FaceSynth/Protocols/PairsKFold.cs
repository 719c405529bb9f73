using System.Numerics.Tensors;
using FaceSynth.Embeddings;
using FaceSynth.Metrics;

namespace FaceSynth.Protocols;

/// <summary>
/// insightface's pair benchmark protocol (LFW, CFP-FP, AgeDB-30, CALFW, CPLFW; EVALUATION.md 4.1-4.2):
/// squared L2 distances, contiguous folds, best training threshold per fold ("same" iff dist &lt; t),
/// mean/std accuracy, mean ROC and VAL@FAR. Counting is done on sorted distances, not per threshold.
/// </summary>
public static class PairsKFold
{
    /// <summary>Runs the protocol on distances (smaller = more alike) and same/different flags, in fold order.</summary>
    public static PairsKFoldResult Evaluate(ReadOnlySpan<double> distances, ReadOnlySpan<bool> same, PairsKFoldOptions? options = null)
    {
        if (distances.Length != same.Length)
        {
            throw new ArgumentException($"{distances.Length} distances for {same.Length} same/different flags");
        }

        options ??= PairsKFoldOptions.Default;
        int n = distances.Length;
        int k = options.Folds;
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2, nameof(options));
        if (n < k)
        {
            throw new ArgumentException($"{n} pairs cannot be split into {k} folds");
        }

        var foldStart = new int[k + 1];
        for (int f = 0; f < k; f++)
        {
            foldStart[f + 1] = foldStart[f] + (n / k) + (f < n % k ? 1 : 0);
        }

        var thresholds = Thresholds(options.ThresholdCount, options.ThresholdStep);
        var fold = new FoldCounts[k];
        for (int f = 0; f < k; f++)
        {
            fold[f] = new FoldCounts(distances[foldStart[f]..foldStart[f + 1]], same[foldStart[f]..foldStart[f + 1]]);
        }

        // tpBelow[f][j] = same pairs of fold f with dist < t_j; fpBelow likewise for different pairs.
        var tpBelow = new long[k][];
        var fpBelow = new long[k][];
        for (int f = 0; f < k; f++)
        {
            tpBelow[f] = CountBelow(fold[f].SameSorted, thresholds);
            fpBelow[f] = CountBelow(fold[f].DiffSorted, thresholds);
        }

        var accuracies = new double[k];
        var best = new double[k];
        var sumTpr = new double[thresholds.Length];
        var sumFpr = new double[thresholds.Length];
        for (int f = 0; f < k; f++)
        {
            long trainSame = 0, trainDiff = 0;
            for (int g = 0; g < k; g++)
            {
                if (g != f)
                {
                    trainSame += fold[g].NSame;
                    trainDiff += fold[g].NDiff;
                }
            }

            int bestJ = 0;
            long bestCorrect = -1;
            for (int j = 0; j < thresholds.Length; j++)
            {
                long tp = 0, fp = 0;
                for (int g = 0; g < k; g++)
                {
                    if (g != f)
                    {
                        tp += tpBelow[g][j];
                        fp += fpBelow[g][j];
                    }
                }

                long correct = tp + (trainDiff - fp);
                if (correct > bestCorrect)
                {
                    bestCorrect = correct;
                    bestJ = j;
                }
            }

            var fc = fold[f];
            for (int j = 0; j < thresholds.Length; j++)
            {
                long tp = tpBelow[f][j], fp = fpBelow[f][j];
                long fn = fc.NSame - tp, tn = fc.NDiff - fp;
                double tpr = tp + fn == 0 ? 0.0 : (double)tp / (tp + fn);
                double fpr = fp + tn == 0 ? 0.0 : (double)fp / (fp + tn);
                sumTpr[j] += tpr;
                sumFpr[j] += fpr;
            }

            best[f] = thresholds[bestJ];
            long testCorrect = tpBelow[f][bestJ] + (fc.NDiff - fpBelow[f][bestJ]);
            accuracies[f] = (double)testCorrect / fc.Size;
        }

        for (int j = 0; j < thresholds.Length; j++)
        {
            sumTpr[j] /= k;
            sumFpr[j] /= k;
        }

        var sizes = new int[k];
        for (int f = 0; f < k; f++)
        {
            sizes[f] = foldStart[f + 1] - foldStart[f];
        }

        return new PairsKFoldResult
        {
            PairCount = n,
            FoldSizes = sizes,
            FoldAccuracies = accuracies,
            BestThresholds = best,
            MeanAccuracy = NumpyReduce.Mean(accuracies),
            StdAccuracy = NumpyReduce.Std(accuracies),
            Thresholds = thresholds,
            MeanTpr = sumTpr,
            MeanFpr = sumFpr,
            Val = options.ComputeVal ? ValAtFar(fold, options) : null,
        };
    }

    /// <summary>
    /// Score-file input (end of EVALUATION.md 4.1): cosine similarities of unit vectors in file order;
    /// NaN rows are dropped, dist = 2 - 2 * score, then <see cref="Evaluate"/>.
    /// </summary>
    public static PairsKFoldResult EvaluateScores(ReadOnlySpan<double> scores, ReadOnlySpan<bool> same, PairsKFoldOptions? options = null)
    {
        if (scores.Length != same.Length)
        {
            throw new ArgumentException($"{scores.Length} scores for {same.Length} same/different flags");
        }

        var dist = new List<double>(scores.Length);
        var flags = new List<bool>(scores.Length);
        for (int i = 0; i < scores.Length; i++)
        {
            if (!double.IsNaN(scores[i]))
            {
                dist.Add(2 - (2 * scores[i]));
                flags.Add(same[i]);
            }
        }

        var result = Evaluate(dist.ToArray(), flags.ToArray(), options);
        return CopyWithDropped(result, scores.Length - dist.Count);
    }

    /// <summary>The protocol on a bob 2-column score file of cosine similarities, in file order (see <see cref="EvaluateScores"/>).</summary>
    public static PairsKFoldResult EvaluateScoreFile(string path, PairsKFoldOptions? options = null)
    {
        var pairs = OrderedPairScores.ReadTwoColumn(path);
        return EvaluateScores(pairs.Scores, pairs.Same, options);
    }

    /// <summary>
    /// Embedding input with a pair list (FORMATS.md 3.9). Rows are L2-normalised first when
    /// <paramref name="normalize"/> (zero rows unchanged, as sklearn's normalize); dist = ||e1 - e2||^2.
    /// </summary>
    public static PairsKFoldResult EvaluateEmbeddings(EmbeddingMatrix embeddings, PairList pairs, bool normalize = true, PairsKFoldOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(pairs);
        var e = normalize ? embeddings.Clone() : embeddings;
        if (normalize)
        {
            e.NormalizeRows();
        }

        var dist = new double[pairs.Count];
        var diff = new float[e.Dim];
        for (int i = 0; i < pairs.Count; i++)
        {
            int a = pairs.First[i], b = pairs.Second[i];
            if ((uint)a >= (uint)e.Rows || (uint)b >= (uint)e.Rows)
            {
                throw new ArgumentException($"pair {i} refers to row {Math.Max(a, b)} of a matrix with {e.Rows} rows");
            }

            TensorPrimitives.Subtract(e.Row(a), e.Row(b), diff);
            dist[i] = TensorPrimitives.SumOfSquares<float>(diff);
        }

        return Evaluate(dist, pairs.Same, options);
    }

    /// <summary>
    /// insightface <c>.bin</c> layout: pair i is rows 2i and 2i + 1; <paramref name="same"/> has one flag per pair.
    /// </summary>
    public static PairsKFoldResult EvaluateInterleaved(EmbeddingMatrix embeddings, ReadOnlySpan<bool> same, bool normalize = true, PairsKFoldOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        int n = Math.Min(same.Length, embeddings.Rows / 2);
        var first = new int[n];
        var second = new int[n];
        for (int i = 0; i < n; i++)
        {
            first[i] = 2 * i;
            second[i] = (2 * i) + 1;
        }

        return EvaluateEmbeddings(embeddings, new PairList(first, second, same[..n].ToArray()), normalize, options);
    }

    /// <summary>t_j = j * step for j = 0..count-1 (multiplied, not divided, as numpy's arange).</summary>
    internal static double[] Thresholds(int count, double step)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var t = new double[count];
        for (int j = 0; j < count; j++)
        {
            t[j] = j * step;
        }

        return t;
    }

    /// <summary>For ascending thresholds: number of sorted values strictly below each.</summary>
    internal static long[] CountBelow(double[] sorted, double[] thresholds)
    {
        var counts = new long[thresholds.Length];
        int p = 0;
        for (int j = 0; j < thresholds.Length; j++)
        {
            while (p < sorted.Length && sorted[p] < thresholds[j])
            {
                p++;
            }

            counts[j] = p;
        }

        return counts;
    }

    private static ValAtFarResult ValAtFar(FoldCounts[] fold, PairsKFoldOptions options)
    {
        int k = fold.Length;
        var thresholds = Thresholds(options.ValThresholdCount, options.ValThresholdStep);
        var faBelow = new long[k][];
        for (int f = 0; f < k; f++)
        {
            faBelow[f] = CountBelow(fold[f].DiffSorted, thresholds);
        }

        var val = new double[k];
        var far = new double[k];
        var thr = new double[k];
        var farTrain = new double[thresholds.Length];
        for (int f = 0; f < k; f++)
        {
            long nDiff = 0;
            for (int g = 0; g < k; g++)
            {
                if (g != f)
                {
                    nDiff += fold[g].NDiff;
                }
            }

            double maxFar = double.NegativeInfinity;
            for (int j = 0; j < thresholds.Length; j++)
            {
                long fa = 0;
                for (int g = 0; g < k; g++)
                {
                    if (g != f)
                    {
                        fa += faBelow[g][j];
                    }
                }

                farTrain[j] = (double)fa / nDiff;
                maxFar = Math.Max(maxFar, farTrain[j]);
            }

            double t = maxFar >= options.FarTarget ? InterpolateThreshold(farTrain, thresholds, options.FarTarget) : 0.0;
            var fc = fold[f];
            long ta = CountBelow(fc.SameSorted, [t])[0];
            long faTest = CountBelow(fc.DiffSorted, [t])[0];
            thr[f] = t;
            val[f] = (double)ta / fc.NSame;
            far[f] = (double)faTest / fc.NDiff;
        }

        return new ValAtFarResult(options.FarTarget, val, far, thr, NumpyReduce.Mean(val), NumpyReduce.Std(val), NumpyReduce.Mean(far));
    }

    /// <summary>
    /// FaceSynth rule for interpolating threshold versus FAR (EVALUATION.md 4.2, configurable point 3):
    /// for each distinct FAR keep the largest threshold attaining it, then interpolate linearly.
    /// <paramref name="far"/> is non-decreasing along <paramref name="thresholds"/>.
    /// </summary>
    internal static double InterpolateThreshold(double[] far, double[] thresholds, double target)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int j = 0; j < far.Length; j++)
        {
            if (xs.Count > 0 && xs[^1] == far[j])
            {
                ys[^1] = Math.Max(ys[^1], thresholds[j]);
            }
            else
            {
                xs.Add(far[j]);
                ys.Add(thresholds[j]);
            }
        }

        if (target <= xs[0])
        {
            return ys[0];
        }

        for (int i = 1; i < xs.Count; i++)
        {
            if (target == xs[i])
            {
                return ys[i];
            }

            if (target < xs[i])
            {
                double slope = (ys[i] - ys[i - 1]) / (xs[i] - xs[i - 1]);
                return ys[i - 1] + (slope * (target - xs[i - 1]));
            }
        }

        return ys[^1];
    }

    private static PairsKFoldResult CopyWithDropped(PairsKFoldResult r, int dropped) => new()
    {
        PairCount = r.PairCount,
        DroppedNaN = dropped,
        FoldSizes = r.FoldSizes,
        FoldAccuracies = r.FoldAccuracies,
        BestThresholds = r.BestThresholds,
        MeanAccuracy = r.MeanAccuracy,
        StdAccuracy = r.StdAccuracy,
        Thresholds = r.Thresholds,
        MeanTpr = r.MeanTpr,
        MeanFpr = r.MeanFpr,
        Val = r.Val,
    };

    private sealed class FoldCounts
    {
        public FoldCounts(ReadOnlySpan<double> dist, ReadOnlySpan<bool> same)
        {
            var s = new List<double>();
            var d = new List<double>();
            for (int i = 0; i < dist.Length; i++)
            {
                if (same[i])
                {
                    NSame++;
                }
                else
                {
                    NDiff++;
                }

                // A NaN distance is never "less than" a threshold: counted in the fold, never accepted.
                if (!double.IsNaN(dist[i]))
                {
                    (same[i] ? s : d).Add(dist[i]);
                }
            }

            SameSorted = [.. s];
            DiffSorted = [.. d];
            Array.Sort(SameSorted);
            Array.Sort(DiffSorted);
            Size = dist.Length;
        }

        public int Size { get; }

        public long NSame { get; }

        public long NDiff { get; }

        public double[] SameSorted { get; }

        public double[] DiffSorted { get; }
    }
}
