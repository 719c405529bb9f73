using FaceSynth.Metrics;

namespace FaceSynth.Protocols;

/// <summary>What <see cref="ScoreEvaluation.Evaluate"/> computes besides the fixed summary.</summary>
public sealed record ScoreEvaluationOptions
{
    /// <summary>Targets of <c>far_threshold</c> (FMR at most the target).</summary>
    public IReadOnlyList<double> FarTargets { get; init; } = [0.1, 0.01, 0.001];

    /// <summary>Targets of <c>frr_threshold</c> (FNMR at most the target, bob's tie rule).</summary>
    public IReadOnlyList<double> FrrTargets { get; init; } = [0.1, 0.01, 0.001];

    /// <summary>FMR targets of the TAR@FMR table (threshold by <c>far_threshold</c>, EVALUATION 2.5).</summary>
    public IReadOnlyList<double> TarAtFmrTargets { get; init; } = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1];

    /// <summary>Criterion of the bob <c>metrics</c>-style decision threshold (<see cref="ScoreEvaluationResult.Decision"/>).</summary>
    public ThresholdCriterion Criterion { get; init; } = ThresholdCriterion.Eer;

    /// <summary>FMR value for <see cref="ThresholdCriterion.Far"/>.</summary>
    public double? CriterionFar { get; init; }

    /// <summary>A fixed decision threshold instead of <see cref="Criterion"/>.</summary>
    public double? DecisionThreshold { get; init; }

    /// <summary>Also compute pyeer (FVC2000) statistics on the NaN-free scores.</summary>
    public bool IncludePyeer { get; init; }

    /// <summary>
    /// Strip NaN and sort inside the input score sets' own arrays instead of copies (see
    /// <see cref="FailureToAcquire.StripInPlace"/>): peak memory stays near the size of the scores, but the
    /// sets' arrays are reordered and must not be used afterwards. For very large sets loaded for one evaluation.
    /// </summary>
    public bool ReuseInputArrays { get; init; }

    /// <summary>How the scores are put in order (see <see cref="ScoreOrdering"/>).</summary>
    public ScoreOrdering Ordering { get; init; } = ScoreOrdering.Auto;

    /// <summary>Worker threads for sorting and bucketing; 0 means all cores. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Number of value buckets for <see cref="ScoreOrdering.Buckets"/>; 0 picks about 400 scores a bucket.</summary>
    internal int Buckets { get; init; }

    /// <summary>Sets whose larger side has at least this many scores are bucketed under <see cref="ScoreOrdering.Auto"/>.</summary>
    internal const int BucketsFrom = 1 << 21;

    /// <summary>Default options.</summary>
    public static ScoreEvaluationOptions Default { get; } = new();
}

/// <summary>How <see cref="ScoreEvaluation"/> orders the scores; every choice gives the same numbers.</summary>
public enum ScoreOrdering
{
    /// <summary>Buckets for large sets (2 million scores or more on a side) without pyeer statistics, else sorting.</summary>
    Auto,

    /// <summary>Sort both sides fully.</summary>
    Sort,

    /// <summary>
    /// Sort only the smaller side; count the larger one in value buckets and sort only the buckets the summary reads
    /// (falls back to sorting when the scores have almost no spread or pyeer statistics are asked for).
    /// </summary>
    Buckets,
}
