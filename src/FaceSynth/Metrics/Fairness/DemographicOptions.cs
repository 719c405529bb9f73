namespace FaceSynth.Metrics.Fairness;

/// <summary>How the global threshold is set and which weights/levels the report uses (EVALUATION.md 5.1-5.2).</summary>
public sealed record DemographicOptions
{
    /// <summary>A fixed threshold; when set, <see cref="TargetFmr"/> and <see cref="ReferenceGroup"/> are ignored.</summary>
    public double? Threshold { get; init; }

    /// <summary>Target FMR of bob's <c>far_threshold</c> (default 1e-3).</summary>
    public double TargetFmr { get; init; } = 1e-3;

    /// <summary>Take the impostors of this group only (its within-group cell) for the threshold; null = all impostors.</summary>
    public string? ReferenceGroup { get; init; }

    /// <summary>Significance level of the Clopper-Pearson intervals (default 0.05, i.e. 95 %).</summary>
    public double ConfidenceAlpha { get; init; } = 0.05;

    /// <summary>Weight of the FMR term in GARBE, FDR and IR (default 0.5).</summary>
    public double Alpha { get; init; } = FairnessMetrics.DefaultAlpha;

    /// <summary>Optional floor for rates in ratios (null: undefined ratios stay NaN with a reason).</summary>
    public double? RateFloor { get; init; }

    /// <summary>Use the sample (n - 1) standard deviation for STD of accuracy instead of the population one.</summary>
    public bool SampleStd { get; init; }

    /// <summary>The defaults.</summary>
    public static DemographicOptions Default { get; } = new();
}
