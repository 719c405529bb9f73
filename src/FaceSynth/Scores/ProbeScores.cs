namespace FaceSynth.Scores;

/// <summary>
/// The identification (CMC / open-set) view of one probe: its scores against non-mated and mated
/// references, in file order. A side without any score is null (bob's <c>None</c>): no positives means
/// an unknown probe (open set), no negatives means the probe was compared only to its own identity.
/// </summary>
/// <param name="Probe">Probe name (bob <c>test_label</c>).</param>
/// <param name="Negatives">Non-mated scores, or null when there are none.</param>
/// <param name="Positives">Mated scores, or null when there are none.</param>
public sealed record ProbeScores(string Probe, double[]? Negatives, double[]? Positives);
