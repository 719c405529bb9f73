namespace FaceSynth.Scores;

/// <summary>One comparison of a pyeer CMC scores file.</summary>
/// <param name="Template">The gallery template compared with the query.</param>
/// <param name="Score">The score.</param>
public sealed record PyeerMatch(string Template, double Score);

/// <summary>
/// One query of a pyeer CMC experiment (FORMATS.md 3.6): its true template(s) and its comparisons in
/// file order (unsorted).
/// </summary>
/// <param name="Query">Query name (first field).</param>
/// <param name="TrueTemplates">Every true template listed for the query in the truth file, in file order (stripped).</param>
/// <param name="Matches">The query's comparisons in scores-file order.</param>
public sealed record PyeerCmcQuery(string Query, IReadOnlyList<string> TrueTemplates, IReadOnlyList<PyeerMatch> Matches)
{
    /// <summary>The true template pyeer itself uses: the last truth line of the query wins in its dict.</summary>
    public string TrueTemplate => TrueTemplates[^1];
}
