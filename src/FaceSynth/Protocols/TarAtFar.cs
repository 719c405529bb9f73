namespace FaceSynth.Protocols;

/// <summary>One entry of a TAR@FAR table.</summary>
/// <param name="TargetFar">Requested FAR.</param>
/// <param name="Far">FAR of the ROC point read (nearest; may be above the target).</param>
/// <param name="Tar">TAR (TPR) at that point; insightface prints 100 x this with two decimals.</param>
/// <param name="Threshold">Score threshold of that point.</param>
public sealed record TarAtFar(double TargetFar, double Far, double Tar, double Threshold);
