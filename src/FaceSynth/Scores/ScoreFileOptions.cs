namespace FaceSynth.Scores;

/// <summary>Reader options for score files (FORMATS.md 3, 9).</summary>
public sealed record ScoreFileOptions
{
    /// <summary>The defaults.</summary>
    public static ScoreFileOptions Default { get; } = new();

    /// <summary>
    /// 4/5-column files: split on single spaces exactly as upstream's <c>csv.reader(delimiter=' ')</c>
    /// (empty fields count) instead of on runs of whitespace.
    /// </summary>
    public bool StrictSingleSpace { get; init; }

    /// <summary>CSV: name of the score column.</summary>
    public string CsvScoreColumn { get; init; } = "score";

    /// <summary>CSV: column used to group rows into probes; when absent, <c>probe_template_id</c> is used.</summary>
    public string CsvProbeColumn { get; init; } = "probe_key";

    /// <summary>Longest accepted line in bytes (protects memory against files without line breaks).</summary>
    public int MaxLineBytes { get; init; } = 4 << 20;
}
