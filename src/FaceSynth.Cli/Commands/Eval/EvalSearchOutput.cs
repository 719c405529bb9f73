using FaceSynth.Cli.Infrastructure;
using FaceSynth.Protocols.Search;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;
using FaceSynth.Reports.Plots;
using FaceSynth.Reports.Scores;

namespace FaceSynth.Cli.Commands.Eval;

/// <summary>Summary, console table and HTML report of <c>eval search</c>.</summary>
internal static class EvalSearchOutput
{
    public static EvalSearchSummary Summarize(SearchResult r, int[] ranks, double[] fpirs, double[] thresholds, RankTieRule rule, bool normalized, string probes, string gallery, int galleryRows, int dim)
    {
        var rankRates = ranks.Select(k =>
        {
            int c = r.CorrectAtRank(k, rule);
            return new EvalSearchRank(k, c, r.MatedCount == 0 ? double.NaN : (double)c / r.MatedCount);
        }).ToArray();

        // insightface's TPIR needs both kinds of probes; say why it is missing instead of failing.
        string? reason = r.MatedCount == 0 ? "no probe has a mate in the gallery"
            : r.NonMatedCount == 0 ? "every probe has a mate in the gallery (closed set): no FPIR can be measured"
            : fpirs.Length == 0 ? "no --fpir targets" : null;
        var tpir = reason is null ? r.TpirAtFpir(fpirs) : [];
        var open = thresholds.Select(t => new EvalSearchOpenSet(t, r.DetectionIdentificationRate(t, 1), r.FalseAlarmRate(t))).ToArray();
        return new EvalSearchSummary(
            probes, gallery, r.Mated.Length, galleryRows, dim, normalized, rule, r.MatedCount, r.NonMatedCount,
            rankRates, r.Cmc(rule), tpir, reason, open);
    }

    public static void Print(TextWriter o, EvalSearchSummary s)
    {
        o.WriteLine($"{s.Probes} probes ({s.MatedProbes} mated, {s.NonMatedProbes} non-mated) against a gallery of {s.Gallery}; ties {(s.TieRule == RankTieRule.Optimistic ? "optimistic" : "pessimistic")}");
        ScoreConsole.Write(o, Table(s));
        if (s.TpirReason is { } why && s.MatedProbes > 0)
        {
            o.WriteLine($"TPIR@FPIR not computed: {why}");
        }
    }

    public static ReportTable Table(EvalSearchSummary s)
    {
        var rows = new List<IReadOnlyList<string>>();
        rows.AddRange(s.Ranks.Select(k => (IReadOnlyList<string>)[$"rank-{k.Rank} identification rate", $"{ReportFormat.Fraction(k.Rate)} ({k.Correct}/{s.MatedProbes})"]));
        rows.AddRange(s.TpirAtFpir.Select(t => (IReadOnlyList<string>)[$"TPIR at FPIR {ReportFormat.Target(t.Fpir)} (threshold {ReportFormat.Number(t.Threshold)})", ReportFormat.Fraction(t.Tpir)]));
        foreach (var p in s.OpenSet)
        {
            rows.Add([$"DIR (rank 1) at threshold {ReportFormat.Number(p.Threshold)}", ReportFormat.Fraction(p.Dir)]);
            rows.Add([$"false alarm rate (FPIR) at threshold {ReportFormat.Number(p.Threshold)}", ReportFormat.Fraction(p.Fpir)]);
        }

        return new ReportTable(["measure", "value"], rows);
    }

    public static void WriteReport(CliContext ctx, string directory, EvalSearchSummary s, string jsonText)
    {
        Directory.CreateDirectory(directory);
        var html = new HtmlReport("FaceSynth identification report");
        html.Section("1:N search");
        html.Paragraph($"{s.Probes} probes ({s.MatedProbes} mated, {s.NonMatedProbes} non-mated) against a gallery of {s.Gallery} rows.");
        if (s.MatedProbes > 0)
        {
            var ranks = Enumerable.Range(1, s.Cmc.Length).Select(x => (double)x).ToArray();
            ScoreReport.AddPlot(html, directory, "cmc", ScorePlots.Lines([new LineSeries("CMC", ranks, s.Cmc)], "Rank", "Identification rate"), "Cumulative match characteristic");
        }

        ScoreReport.AddTable(html, Table(s));
        AtomicFile.WriteAllText(Path.Combine(directory, "summary.json"), jsonText + "\n");
        var page = Path.Combine(directory, "report.html");
        html.Save(page);
        ctx.Err.WriteLine($"wrote {page}");
    }
}

/// <summary>The <c>eval search</c> result as written to JSON.</summary>
/// <param name="ProbesFile">Probe embedding file.</param>
/// <param name="GalleryFile">Gallery embedding file.</param>
/// <param name="Probes">Number of probes.</param>
/// <param name="Gallery">Number of gallery rows.</param>
/// <param name="Dim">Embedding dimension.</param>
/// <param name="Normalized">Whether rows were L2-normalised (cosine scores).</param>
/// <param name="TieRule">Rank tie rule.</param>
/// <param name="MatedProbes">Probes whose label is in the gallery.</param>
/// <param name="NonMatedProbes">Probes whose label is not in the gallery.</param>
/// <param name="Ranks">Rank-k identification rates over the mated probes.</param>
/// <param name="Cmc">CMC: entry r-1 = fraction of mated probes with rank at most r.</param>
/// <param name="TpirAtFpir">insightface TPIR at each FPIR target (empty with a reason when undefined).</param>
/// <param name="TpirReason">Why TPIR@FPIR is missing, or null.</param>
/// <param name="OpenSet">bob open-set rates at the requested thresholds.</param>
internal sealed record EvalSearchSummary(
    string ProbesFile, string GalleryFile, int Probes, int Gallery, int Dim, bool Normalized, RankTieRule TieRule,
    int MatedProbes, int NonMatedProbes, IReadOnlyList<EvalSearchRank> Ranks, double[] Cmc,
    IReadOnlyList<TpirAtFpir> TpirAtFpir, string? TpirReason, IReadOnlyList<EvalSearchOpenSet> OpenSet);

/// <summary>One rank-k rate.</summary>
/// <param name="Rank">k.</param>
/// <param name="Correct">Mated probes whose mate is among the top k.</param>
/// <param name="Rate">Correct / mated probes.</param>
internal sealed record EvalSearchRank(int Rank, int Correct, double Rate);

/// <summary>bob.measure open-set rates at one threshold.</summary>
/// <param name="Threshold">Score threshold.</param>
/// <param name="Dir">Detection and identification rate at rank 1 (mated score &gt;= t and ranked first).</param>
/// <param name="Fpir">False alarm rate: non-mated probes whose top score is &gt;= t.</param>
internal sealed record EvalSearchOpenSet(double Threshold, double Dir, double Fpir);
