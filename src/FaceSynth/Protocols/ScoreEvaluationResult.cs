using FaceSynth.Metrics;
using FaceSynth.Metrics.Pyeer;

namespace FaceSynth.Protocols;

/// <summary>Scores that could not be compared (NaN), per side, counted before removal.</summary>
/// <param name="Genuine">NaN genuine scores.</param>
/// <param name="Impostor">NaN impostor scores.</param>
/// <param name="Rate">(NaN genuine + NaN impostor) / all scores.</param>
public sealed record FailureToAcquireCounts(int Genuine, int Impostor, double Rate);

/// <summary>The equal-error operating point (bob <c>eer_threshold</c>).</summary>
/// <param name="Threshold">The threshold (chosen on the development set when one was given).</param>
/// <param name="Fmr">FMR at the threshold.</param>
/// <param name="Fnmr">FNMR at the threshold.</param>
/// <param name="FalseMatches">#{impostor &gt;= threshold}.</param>
/// <param name="FalseNonMatches">#{genuine &lt; threshold}.</param>
/// <param name="Eer">(FMR + FNMR) / 2, bob's <c>eer</c>.</param>
/// <param name="Far">FMR (1 - FTA).</param>
/// <param name="Frr">FTA + FNMR (1 - FTA).</param>
public sealed record EerOperatingPoint(double Threshold, double Fmr, double Fnmr, int FalseMatches, int FalseNonMatches, double Eer, double Far, double Frr);

/// <summary>An operating point at a threshold.</summary>
/// <param name="Threshold">The threshold.</param>
/// <param name="Fmr">FMR at the threshold.</param>
/// <param name="Fnmr">FNMR at the threshold.</param>
/// <param name="Hter">(FMR + FNMR) / 2.</param>
/// <param name="FalseMatches">#{impostor &gt;= threshold}.</param>
/// <param name="FalseNonMatches">#{genuine &lt; threshold}.</param>
public sealed record OperatingPoint(double Threshold, double Fmr, double Fnmr, double Hter, int FalseMatches, int FalseNonMatches);

/// <summary>A threshold chosen for a target rate and the rates it achieves.</summary>
/// <param name="Target">The requested rate.</param>
/// <param name="Threshold">bob's <c>far_threshold</c> / <c>frr_threshold</c> for the target.</param>
/// <param name="Fmr">Achieved FMR at the threshold.</param>
/// <param name="Fnmr">Achieved FNMR at the threshold.</param>
public sealed record TargetThreshold(double Target, double Threshold, double Fmr, double Fnmr);

/// <summary>True accept rate at a target FMR.</summary>
/// <param name="Fmr">The target FMR.</param>
/// <param name="Threshold"><c>far_threshold</c> at the target.</param>
/// <param name="Tar">1 - FNMR at the threshold.</param>
/// <param name="AchievedFmr">The FMR actually reached (never above the target on the set that chose the threshold).</param>
/// <param name="BelowResolution">True when the target is below 1 / (number of impostor scores): the set is too small to resolve it.</param>
public sealed record TarAtFmrPoint(double Fmr, double Threshold, double Tar, double AchievedFmr, bool BelowResolution);

/// <summary>A compact view of pyeer's (FVC2000) statistics.</summary>
/// <param name="Eer">pyeer EER (midpoint of the FVC2000 interval).</param>
/// <param name="EerLow">Lower end of the interval.</param>
/// <param name="EerHigh">Upper end of the interval.</param>
/// <param name="EerThreshold">Threshold of the EER point.</param>
/// <param name="OperatingPoints">ZeroFMR, FMR1000, FMR100, FMR20, FMR10 and ZeroFNMR.</param>
/// <param name="Auc">pyeer AUC.</param>
/// <param name="GenuineMean">Mean genuine score.</param>
/// <param name="GenuineStd">Standard deviation of genuine scores.</param>
/// <param name="ImpostorMean">Mean impostor score.</param>
/// <param name="ImpostorStd">Standard deviation of impostor scores.</param>
/// <param name="Decidability">Daugman's d'.</param>
/// <param name="Warning">pyeer's warning about the EER, if any.</param>
public sealed record PyeerSummary(
    double Eer, double EerLow, double EerHigh, double EerThreshold, IReadOnlyList<PyeerOperatingPoint> OperatingPoints,
    double Auc, double GenuineMean, double GenuineStd, double ImpostorMean, double ImpostorStd, double Decidability, string? Warning);

/// <summary>
/// The summary of one score set (the <c>facesynth eval scores --json</c> object). Counts are taken after removing NaN
/// scores; all thresholds come from the development set when one was given (<see cref="ThresholdsFrom"/>), and every
/// rate is measured on this set.
/// </summary>
public sealed record ScoreEvaluationResult
{
    /// <summary>Where the scores came from (file name), if known.</summary>
    public string? Source { get; init; }

    /// <summary><c>"self"</c> (thresholds chosen on this set) or <c>"development"</c>.</summary>
    public required string ThresholdsFrom { get; init; }

    /// <summary>NaN-free genuine scores.</summary>
    public required int Genuine { get; init; }

    /// <summary>NaN-free impostor scores.</summary>
    public required int Impostor { get; init; }

    /// <summary>NaN scores per side.</summary>
    public required FailureToAcquireCounts FailureToAcquire { get; init; }

    /// <summary>EER operating point.</summary>
    public required EerOperatingPoint Eer { get; init; }

    /// <summary>Minimum-HTER operating point.</summary>
    public required OperatingPoint MinHter { get; init; }

    /// <summary><c>far_threshold</c> for each target.</summary>
    public required IReadOnlyList<TargetThreshold> FarThresholds { get; init; }

    /// <summary><c>frr_threshold</c> for each target.</summary>
    public required IReadOnlyList<TargetThreshold> FrrThresholds { get; init; }

    /// <summary>bob <c>roc_auc_score</c> (2000-point trapezoid).</summary>
    public required double Auc { get; init; }

    /// <summary>bob <c>roc_auc_score(log_scale=True)</c>.</summary>
    public required double AucLog { get; init; }

    /// <summary>Exact Mann-Whitney AUC, P(genuine &gt; impostor) + P(equal) / 2.</summary>
    public required double AucExact { get; init; }

    /// <summary>TAR at each target FMR.</summary>
    public required IReadOnlyList<TarAtFmrPoint> TarAtFmr { get; init; }

    /// <summary>The <c>bob measure metrics</c> numbers at the decision threshold.</summary>
    public required BobMetricsResult Decision { get; init; }

    /// <summary>pyeer statistics, when requested.</summary>
    public PyeerSummary? Pyeer { get; init; }

    /// <summary>The development set's own summary, when one was given.</summary>
    public ScoreEvaluationResult? Development { get; init; }
}
