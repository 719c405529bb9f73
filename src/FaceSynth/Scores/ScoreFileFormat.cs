namespace FaceSynth.Scores;

/// <summary>Score file layouts (FORMATS.md 3).</summary>
public enum ScoreFileFormat
{
    /// <summary>Detect: <c>.csv</c> among the name's suffixes means CSV, else the field count of the first data line (2, 4 or 5).</summary>
    Auto,

    /// <summary>bob.measure >= 4: <c>label score</c>, label 1 = genuine.</summary>
    TwoColumn,

    /// <summary>bob 4-column: <c>claimed_id real_id test_label score</c>.</summary>
    FourColumn,

    /// <summary>bob 5-column: <c>claimed_id model_label real_id test_label score</c>.</summary>
    FiveColumn,

    /// <summary>bob.bio.base CSV with a header row (<c>probe_subject_id</c>, <c>bio_ref_subject_id</c>, <c>score</c>, ...).</summary>
    Csv,
}
