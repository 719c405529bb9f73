using System.CommandLine;
using System.Text.Json.Nodes;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Protocols.Search;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;
using FaceSynth.Reports.Plots;
using FaceSynth.Reports.Scores;
using FaceSynth.Similarity;

namespace FaceSynth.Cli.Commands.Eval;

/// <summary><c>facesynth eval search</c>: 1:N identification of labelled probes against a labelled gallery.</summary>
internal static class EvalSearchCommand
{
    public static Command Build()
    {
        var probes = new Option<FileInfo>("--probes") { Description = "Probe embeddings (.npy, N x d)", Required = true };
        var probeLabels = new Option<FileInfo>("--probe-labels") { Description = "Probe identities (.npy strings/integers or text, one per line)", Required = true };
        var gallery = new Option<FileInfo>("--gallery") { Description = "Gallery embeddings (.npy, M x d)", Required = true };
        var galleryLabels = new Option<FileInfo>("--gallery-labels") { Description = "Gallery identities", Required = true };
        var maxRank = new Option<int>("--max-rank") { Description = "Longest rank of the CMC", DefaultValueFactory = _ => 20 };
        var fpir = new Option<double[]>("--fpir") { Description = "FPIR targets for TPIR (open set)", DefaultValueFactory = _ => [0.01, 0.1], AllowMultipleArgumentsPerToken = true };
        var noNormalize = new Option<bool>("--no-normalize") { Description = "Score with raw dot products instead of cosine" };
        var json = new Option<string?>("--json") { Description = "Write the result as JSON ('-' for standard output)" };
        var report = new Option<DirectoryInfo?>("--report") { Description = "Write report.html with the CMC plot into this folder" };
        var cmd = new Command("search", "1:N identification: CMC (closed set) and TPIR at FPIR (open set) with exact SIMD top-k search.")
        {
            probes, probeLabels, gallery, galleryLabels, maxRank, fpir, noNormalize, json, report,
        };
        cmd.SetGuardedAction((ctx, parse) =>
        {
            var rank = parse.GetValue(maxRank);
            if (rank < 1)
            {
                throw new CliUsageException($"--max-rank {rank}: must be at least 1");
            }

            var fpirs = parse.GetValue(fpir) ?? [];
            if (fpirs.Any(f => !(f > 0 && f <= 1)))
            {
                throw new CliUsageException("--fpir values must lie in (0, 1]");
            }

            var p = Load(parse.GetValue(probes)!, parse.GetValue(probeLabels)!, !parse.GetValue(noNormalize));
            var g = Load(parse.GetValue(gallery)!, parse.GetValue(galleryLabels)!, !parse.GetValue(noNormalize));
            if (p.Dim != g.Dim)
            {
                throw new FaceSynthDataException(parse.GetValue(gallery)!.FullName, $"dimension {g.Dim} differs from the probes' dimension {p.Dim}");
            }

            ctx.Cancellation.ThrowIfCancellationRequested();
            var r = IdentificationSearch.Run(p, g, new SearchOptions { MaxRank = rank });
            var cmc = r.Cmc();
            var tpir = r.NonMatedCount > 0 ? r.TpirAtFpir(fpirs) : [];
            ctx.Out.WriteLine($"{p.Rows} probes ({r.MatedCount} mated, {r.NonMatedCount} non-mated) against a gallery of {g.Rows}");
            var rows = new List<IReadOnlyList<string>>();
            foreach (var k in new[] { 1, 5, 10, 20 }.Where(k => k <= cmc.Length))
            {
                rows.Add([$"rank-{k} identification rate", ReportFormat.Fraction(cmc[k - 1])]);
            }

            rows.AddRange(tpir.Select(t => (IReadOnlyList<string>)[$"TPIR at FPIR {ReportFormat.Target(t.Fpir)} (threshold {ReportFormat.Number(t.Threshold)})", ReportFormat.Fraction(t.Tpir)]));
            var table = new ReportTable(["measure", "value"], rows);
            ScoreConsole.Write(ctx.Out, table);
            var node = new JsonObject
            {
                ["probes"] = p.Rows,
                ["gallery"] = g.Rows,
                ["mated_probes"] = r.MatedCount,
                ["non_mated_probes"] = r.NonMatedCount,
                ["cmc"] = System.Text.Json.JsonSerializer.SerializeToNode(cmc, ReportJson.Options),
                ["tpir_at_fpir"] = System.Text.Json.JsonSerializer.SerializeToNode(tpir, ReportJson.Options),
            };
            var text = node.ToJsonString(ReportJson.Options);
            EvalOutputs.WriteJson(ctx, parse.GetValue(json), text);
            if (parse.GetValue(report) is { } dir)
            {
                Directory.CreateDirectory(dir.FullName);
                var html = new HtmlReport("FaceSynth identification report");
                html.Section("1:N search");
                var ranks = Enumerable.Range(1, cmc.Length).Select(x => (double)x).ToArray();
                ScoreReport.AddPlot(html, dir.FullName, "cmc", ScorePlots.Lines([new LineSeries("CMC", ranks, cmc)], "Rank", "Identification rate"), "Cumulative match characteristic");
                ScoreReport.AddTable(html, table);
                AtomicFile.WriteAllText(Path.Combine(dir.FullName, "summary.json"), text + "\n");
                html.Save(Path.Combine(dir.FullName, "report.html"));
                ctx.Err.WriteLine($"wrote {Path.Combine(dir.FullName, "report.html")}");
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static EmbeddingMatrix Load(FileInfo matrix, FileInfo labels, bool normalize)
    {
        var m = Npy.ReadMatrix(matrix.FullName);
        m.EnsureFinite(matrix.FullName);
        if (normalize)
        {
            m = SimilarityKernel.NormalizedCopy(m);
        }

        m.Labels = LabelFile.Read(labels.FullName, m.Rows);
        return m;
    }
}
