using System.Text.Json.Nodes;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Protocols.Search;
using FaceSynth.Reports;
using FaceSynth.Reports.Plots;
using FaceSynth.Reports.Scores;

namespace FaceSynth.Cli.Commands.Demo;

/// <summary>Open-set 1:N search on the synthetic benchmark: CMC and TPIR at fixed FPIR.</summary>
internal sealed class IdentificationDemoStage : IDemoStage
{
    private static readonly double[] Fpirs = [0.01, 0.1];

    public string Name => "identification";

    public Task RunAsync(DemoContext context)
    {
        var (probes, gallery) = context.Benchmark.SearchSplit();
        var search = IdentificationSearch.Run(probes, gallery, new SearchOptions { MaxRank = 10 });
        var cmc = search.Cmc();
        var tpir = search.TpirAtFpir(Fpirs);

        context.Summary[Name] = new JsonObject
        {
            ["probes"] = probes.Rows,
            ["gallery"] = gallery.Rows,
            ["mated_probes"] = search.MatedCount,
            ["non_mated_probes"] = search.NonMatedCount,
            ["cmc"] = new JsonArray([.. cmc.Select(v => JsonValue.Create(v))]),
            ["tpir_at_fpir"] = System.Text.Json.JsonSerializer.SerializeToNode(tpir, ReportJson.Options),
        };

        var table = new ReportTable(
            ["measure", "value"],
            [
                ["rank-1 identification rate", ReportFormat.Fraction(cmc[0])],
                ["rank-5 identification rate", ReportFormat.Fraction(cmc[Math.Min(4, cmc.Length - 1)])],
                .. tpir.Select(t => (IReadOnlyList<string>)[$"TPIR at FPIR {ReportFormat.Target(t.Fpir)}", ReportFormat.Fraction(t.Tpir)]),
            ]);

        var html = context.Report;
        html.Section("Identification (1:N) on synthetic embeddings");
        html.Paragraph($"Gallery: first sample of each of {gallery.Rows} evaluation identities. Probes: {search.MatedCount} mated samples of the same identities and {search.NonMatedCount} non-mated samples of development identities (open set).");
        var ranks = Enumerable.Range(1, cmc.Length).Select(r => (double)r).ToArray();
        context.Files.AddRange(ScoreReport.AddPlot(html, context.OutputDirectory, "identification-cmc",
            ScorePlots.Lines([new LineSeries("CMC (synthetic)", ranks, cmc)], "Rank", "Identification rate"), "Cumulative match characteristic (mated probes)"));
        ScoreReport.AddTable(html, table);

        var o = context.Cli.Out;
        o.WriteLine("== Identification (open-set 1:N search)");
        o.Write(TextTable.Format(table.Header, table.Rows));
        o.WriteLine();
        return Task.CompletedTask;
    }
}
