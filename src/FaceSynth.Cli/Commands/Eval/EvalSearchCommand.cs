using System.CommandLine;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Protocols.Search;
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
        var galleryLabels = new Option<FileInfo>("--gallery-labels") { Description = "Gallery identities (.npy strings/integers or text, one per line)", Required = true };
        var ranks = new Option<string[]>("--ranks") { Description = "Ranks k of the rank-k identification rates (comma-separated)", DefaultValueFactory = _ => ["1,5,10"], AllowMultipleArgumentsPerToken = true };
        var maxRank = new Option<int>("--max-rank") { Description = "Length of the CMC (raised to the largest --ranks value)", DefaultValueFactory = _ => 20 };
        var fpir = new Option<string[]>("--fpir") { Description = "FPIR targets of TPIR@FPIR (open set; comma- or space-separated)", DefaultValueFactory = _ => ["0.01,0.1"], AllowMultipleArgumentsPerToken = true };
        var thresholds = new Option<string[]>("--threshold") { Description = "Score thresholds for bob's open-set rates (DIR at rank 1, false alarm rate)", AllowMultipleArgumentsPerToken = true };
        var tieRule = new Option<string>("--tie-rule") { Description = "Ties between the mated and a non-mated score: pessimistic (bob, count against) or optimistic", DefaultValueFactory = _ => "pessimistic" };
        tieRule.AcceptOnlyFromAmong("pessimistic", "optimistic");
        var noNormalize = new Option<bool>("--no-normalize") { Description = "Score with raw dot products instead of cosine" };
        var json = new Option<string?>("--json") { Description = "Write the result as JSON ('-' for standard output)" };
        var report = new Option<DirectoryInfo?>("--report") { Description = "Write report.html with the CMC plot into this folder" };
        var cmd = new Command("search", "1:N identification: rank-k / CMC (closed set) and TPIR at FPIR (open set) with exact SIMD top-k search.")
        {
            probes, probeLabels, gallery, galleryLabels, ranks, maxRank, fpir, thresholds, tieRule, noNormalize, json, report,
        };
        cmd.SetGuardedAction((ctx, parse) =>
        {
            var ks = EvalSearchLists.Ranks("--ranks", parse.GetValue(ranks));
            var cmcLength = parse.GetValue(maxRank);
            if (cmcLength < 1)
            {
                throw new CliUsageException($"--max-rank {cmcLength}: must be at least 1");
            }

            var fpirs = EvalSearchLists.Rates("--fpir", parse.GetValue(fpir));
            var ts = EvalSearchLists.Numbers("--threshold", parse.GetValue(thresholds));
            var rule = parse.GetValue(tieRule) == "optimistic" ? RankTieRule.Optimistic : RankTieRule.Pessimistic;
            bool normalize = !parse.GetValue(noNormalize);
            var probeFile = parse.GetValue(probes)!;
            var galleryFile = parse.GetValue(gallery)!;
            var p = Load(probeFile, parse.GetValue(probeLabels)!, normalize);
            var g = Load(galleryFile, parse.GetValue(galleryLabels)!, normalize);
            if (p.Dim != g.Dim)
            {
                throw new FaceSynthDataException(galleryFile.FullName, $"dimension {g.Dim} differs from the probes' dimension {p.Dim} ({probeFile.FullName})");
            }

            if (g.Rows == 0)
            {
                throw new FaceSynthDataException(galleryFile.FullName, "the gallery is empty");
            }

            SearchResult r;
            using (var progress = ctx.StartProgress("searching", p.Rows))
            {
                var similarity = new SimilarityOptions { Progress = progress, Cancellation = ctx.Cancellation };
                r = IdentificationSearch.Run(p, g, new SearchOptions { MaxRank = Math.Max(cmcLength, ks[^1]), Similarity = similarity });
            }

            ctx.Cancellation.ThrowIfCancellationRequested();
            var summary = EvalSearchOutput.Summarize(r, ks, fpirs, ts, rule, normalize, probeFile.FullName, galleryFile.FullName, g.Rows, p.Dim);
            EvalSearchOutput.Print(ctx.Out, summary);
            var text = Reports.ReportJson.Serialize(summary);
            EvalOutputs.WriteJson(ctx, parse.GetValue(json), text);
            if (parse.GetValue(report) is { } dir)
            {
                EvalSearchOutput.WriteReport(ctx, dir.FullName, summary, text);
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
