using FaceSynth.Metrics;

namespace FaceSynth.Protocols;

/// <summary>
/// scikit-learn compatible ROC (<c>sklearn.metrics.roc_curve</c>, binary case, no sample weights),
/// its AUC, and the IJB "TAR at FAR" table rule (EVALUATION.md 4.3).
/// </summary>
public static class SklearnRoc
{
    /// <summary>The FAR targets of insightface's IJB table: 1e-6 .. 1e-1.</summary>
    public static IReadOnlyList<double> IjbFarTargets { get; } = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1];

    /// <summary>
    /// ROC of <paramref name="scores"/> against <paramref name="positive"/> labels. One point per distinct
    /// score (descending); with <paramref name="dropIntermediate"/> interior points that lie in the middle of
    /// three points with equal steps in both counts are dropped (second difference of fps and of tps both 0).
    /// A point (0, 0) with threshold +infinity is prepended.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is NaN, or one class is absent.</exception>
    public static SklearnRocCurve Compute(ReadOnlySpan<bool> positive, ReadOnlySpan<double> scores, bool dropIntermediate = true)
    {
        if (positive.Length != scores.Length)
        {
            throw new ArgumentException($"{positive.Length} labels for {scores.Length} scores");
        }

        int n = scores.Length;
        var order = new int[n];
        var keys = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(scores[i]))
            {
                throw new ArgumentException($"score {i} is NaN; remove failed comparisons before computing a ROC", nameof(scores));
            }

            order[i] = i;
            keys[i] = -scores[i];
        }

        Array.Sort(keys, order);

        // One entry per distinct score: cumulative counts of everything at or above that score.
        var tpsAll = new List<long>();
        var fpsAll = new List<long>();
        var thrAll = new List<double>();
        long tp = 0, fp = 0;
        for (int i = 0; i < n; i++)
        {
            if (positive[order[i]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            if (i == n - 1 || keys[i + 1] != keys[i])
            {
                tpsAll.Add(tp);
                fpsAll.Add(fp);
                thrAll.Add(-keys[i]);
            }
        }

        if (tp == 0 || fp == 0)
        {
            throw new ArgumentException(tp == 0 ? "no positive (genuine) sample: TPR is undefined" : "no negative (impostor) sample: FPR is undefined");
        }

        int m = tpsAll.Count;
        var keep = new List<int>(m);
        for (int k = 0; k < m; k++)
        {
            if (!dropIntermediate || m <= 2 || k == 0 || k == m - 1)
            {
                keep.Add(k);
                continue;
            }

            long d2f = fpsAll[k + 1] - (2 * fpsAll[k]) + fpsAll[k - 1];
            long d2t = tpsAll[k + 1] - (2 * tpsAll[k]) + tpsAll[k - 1];
            if (d2f != 0 || d2t != 0)
            {
                keep.Add(k);
            }
        }

        int count = keep.Count + 1;
        var fps = new long[count];
        var tps = new long[count];
        var thr = new double[count];
        thr[0] = double.PositiveInfinity;
        for (int i = 0; i < keep.Count; i++)
        {
            fps[i + 1] = fpsAll[keep[i]];
            tps[i + 1] = tpsAll[keep[i]];
            thr[i + 1] = thrAll[keep[i]];
        }

        var fpr = new double[count];
        var tpr = new double[count];
        for (int i = 0; i < count; i++)
        {
            fpr[i] = (double)fps[i] / fp;
            tpr[i] = (double)tps[i] / tp;
        }

        return new SklearnRocCurve(fpr, tpr, thr, fps, tps);
    }

    /// <summary>Trapezoidal area under (x, y) as <c>sklearn.metrics.auc</c> (numpy trapz, pairwise sum); x must be monotone.</summary>
    public static double Auc(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length || x.Length < 2)
        {
            throw new ArgumentException("AUC needs two arrays of equal length >= 2");
        }

        double direction = 1;
        bool increasing = true, decreasing = true;
        for (int i = 1; i < x.Length; i++)
        {
            double dx = x[i] - x[i - 1];
            increasing &= dx >= 0;
            decreasing &= dx <= 0;
        }

        if (!increasing)
        {
            direction = decreasing ? -1 : throw new ArgumentException("x is neither increasing nor decreasing");
        }

        var terms = new double[x.Length - 1];
        for (int i = 0; i < terms.Length; i++)
        {
            terms[i] = (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
        }

        return direction * NumpyReduce.Sum(terms);
    }

    /// <summary>AUC of a ROC curve (FPR, TPR).</summary>
    public static double Auc(SklearnRocCurve roc)
    {
        ArgumentNullException.ThrowIfNull(roc);
        return Auc(roc.Fpr, roc.Tpr);
    }

    /// <summary>
    /// insightface's TAR@FAR table: reverse the ROC (FPR descending) and, for each target, take the
    /// smallest index minimising |fpr - target| (the FPR read may exceed the target; among equal FPRs
    /// the largest TPR wins).
    /// </summary>
    public static IReadOnlyList<TarAtFar> TarAtFarTable(SklearnRocCurve roc, IReadOnlyList<double>? targets = null)
    {
        ArgumentNullException.ThrowIfNull(roc);
        targets ??= IjbFarTargets;
        var result = new List<TarAtFar>(targets.Count);
        int n = roc.Count;
        foreach (double x in targets)
        {
            int bestRev = 0;
            double bestDiff = double.PositiveInfinity;
            for (int r = 0; r < n; r++)
            {
                double d = Math.Abs(roc.Fpr[n - 1 - r] - x);
                if (d < bestDiff)
                {
                    bestDiff = d;
                    bestRev = r;
                }
            }

            int k = n - 1 - bestRev;
            result.Add(new TarAtFar(x, roc.Fpr[k], roc.Tpr[k], roc.Thresholds[k]));
        }

        return result;
    }
}
