namespace FaceSynth.Metrics.Fairness;

/// <summary>Error counts, rates and Clopper-Pearson intervals of one group at the global threshold.</summary>
/// <param name="Group">Group name.</param>
/// <param name="Genuine">Number of genuine comparisons.</param>
/// <param name="FalseNonMatches">Genuine comparisons rejected (score &lt; t).</param>
/// <param name="Impostors">Number of within-group impostor comparisons.</param>
/// <param name="FalseMatches">Within-group impostors accepted (score &gt;= t).</param>
/// <param name="Fnmr">FNMR (NaN without genuine comparisons).</param>
/// <param name="Fmr">FMR (NaN without impostor comparisons).</param>
/// <param name="FnmrInterval">Clopper-Pearson interval of FNMR (NaN bounds when undefined).</param>
/// <param name="FmrInterval">Clopper-Pearson interval of FMR (NaN bounds when undefined).</param>
/// <param name="AccuracyPercent">100 x (accepted genuine + rejected within-group impostors) / (genuine + within-group impostors).</param>
public sealed record GroupRates(string Group, long Genuine, long FalseNonMatches, long Impostors, long FalseMatches, double Fnmr, double Fmr, ConfidenceInterval FnmrInterval, ConfidenceInterval FmrInterval, double AccuracyPercent);

/// <summary>Summary statistics over the groups (EVALUATION.md 5.2), with the alpha used.</summary>
/// <param name="Alpha">Weight of the FMR term in GARBE, FDR and IR.</param>
/// <param name="FmrMaxMin">max/min FMR.</param>
/// <param name="FnmrMaxMin">max/min FNMR.</param>
/// <param name="FmrMaxGeoMean">max/geometric mean FMR.</param>
/// <param name="FnmrMaxGeoMean">max/geometric mean FNMR.</param>
/// <param name="FmrGini">Gini of FMR.</param>
/// <param name="FnmrGini">Gini of FNMR.</param>
/// <param name="Garbe">GARBE.</param>
/// <param name="Fdr">FDR.</param>
/// <param name="InequityRate">IR.</param>
/// <param name="Ser">Skewed error ratio of the per-group accuracy.</param>
/// <param name="AccuracyStd">Standard deviation of the per-group accuracy (percent).</param>
public sealed record FairnessSummary(
    double Alpha,
    FairnessValue FmrMaxMin,
    FairnessValue FnmrMaxMin,
    FairnessValue FmrMaxGeoMean,
    FairnessValue FnmrMaxGeoMean,
    FairnessValue FmrGini,
    FairnessValue FnmrGini,
    FairnessValue Garbe,
    FairnessValue Fdr,
    FairnessValue InequityRate,
    FairnessValue Ser,
    FairnessValue AccuracyStd);

/// <summary>Per-group rates at one global threshold, the group x group FMR matrix and the summary statistics.</summary>
public sealed class DemographicReport
{
    /// <summary>The global threshold (accept iff score &gt;= t).</summary>
    public required double Threshold { get; init; }

    /// <summary>How the threshold was set, in words (print it in every report).</summary>
    public required string ThresholdRule { get; init; }

    /// <summary>Significance level of the intervals.</summary>
    public required double ConfidenceAlpha { get; init; }

    /// <summary>One entry per group.</summary>
    public required IReadOnlyList<GroupRates> Groups { get; init; }

    /// <summary>FMR[probe group][reference group] (NaN for an empty cell); the diagonal is each group's FMR.</summary>
    public required double[][] FmrMatrix { get; init; }

    /// <summary>Impostor counts per cell, same layout as <see cref="FmrMatrix"/>.</summary>
    public required long[][] ImpostorMatrix { get; init; }

    /// <summary>False matches per cell, same layout as <see cref="FmrMatrix"/>.</summary>
    public required long[][] FalseMatchMatrix { get; init; }

    /// <summary>Summary statistics over the groups.</summary>
    public required FairnessSummary Summary { get; init; }

    /// <summary>Comparisons removed for a NaN score.</summary>
    public long RemovedNaN { get; init; }

    /// <summary>Comparisons skipped because a subject had no group.</summary>
    public long SkippedUnmapped { get; init; }
}
