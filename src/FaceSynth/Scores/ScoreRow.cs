namespace FaceSynth.Scores;

/// <summary>
/// One comparison of a bob 4-column, 5-column or CSV score file (FORMATS.md 3.2-3.4).
/// </summary>
/// <param name="ClaimedId">Enrolled reference's subject (bob <c>claimed_id</c> / <c>bio_ref_subject_id</c>).</param>
/// <param name="ModelLabel">5-column <c>model_label</c> (CSV: <c>bio_ref_template_id</c> when present); null for 4-column.</param>
/// <param name="RealId">Probe's true subject (bob <c>real_id</c> / <c>probe_subject_id</c>).</param>
/// <param name="Probe">Probe name used for identification grouping (<c>test_label</c>; CSV: <c>probe_key</c>, else <c>probe_template_id</c>).</param>
/// <param name="Score">Similarity score (NaN allowed).</param>
public sealed record ScoreRow(string ClaimedId, string? ModelLabel, string RealId, string Probe, double Score)
{
    /// <summary>Genuine iff the claimed and real ids are equal as strings (ordinal), as bob does.</summary>
    public bool IsGenuine => string.Equals(ClaimedId, RealId, StringComparison.Ordinal);
}
