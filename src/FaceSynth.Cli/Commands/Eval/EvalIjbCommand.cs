using System.CommandLine;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Protocols.Ijb;
using FaceSynth.Reports;

namespace FaceSynth.Cli.Commands.Eval;

/// <summary>
/// <c>facesynth eval ijb</c>: IJB-B / IJB-C template verification (TAR@FAR table, AUC) and optionally 1:N
/// identification from per-image features, as insightface's <c>eval_ijbc.py</c> / <c>ijb_evals.py</c>.
/// </summary>
internal static class EvalIjbCommand
{
    public static Command Build()
    {
        var meta = new Option<DirectoryInfo>("--meta") { Description = "insightface meta folder (IJB_release/IJBC/meta): <t>_face_tid_mid.txt, <t>_name_5pts_score.txt, <t>_template_pair_label.txt", Required = true };
        var features = new Option<FileInfo>("--features") { Description = "Image features (.npy, one row per line of <t>_name_5pts_score.txt, in file order; flip-added, not normalised)", Required = true };
        var target = new Option<string>("--target") { Description = "Benchmark: ijbc or ijbb (file name prefix)", Required = true };
        target.AcceptOnlyFromAmong("ijbc", "ijbb");
        var faceness = new Option<bool>("--faceness") { Description = "Weight each image by its detector faceness score (use_detector_score; default true, '--faceness false' to switch off)", DefaultValueFactory = _ => true };
        var normScore = new Option<bool>("--norm-score") { Description = "Keep image feature norms as quality weights (use_norm_score; default true, 'false' L2-normalises images first)", DefaultValueFactory = _ => true };
        var flipHalves = new Option<bool>("--flip-halves") { Description = "Feature rows are [original | flipped] side by side (insightface img_feats); add the halves" };
        var scoresOut = new Option<string?>("--scores-out") { Description = "Write the pair scores (float64, pair-file order): a .npy path, or a folder that receives <t>.npy" };
        var oneToN = new Option<bool>("--one-to-n") { Description = "Also run 1:N identification with the gallery and probe_mixed CSVs of the meta folder" };
        var fpir = new Option<string[]>("--fpir") { Description = "FPIR targets printed for 1:N (the JSON holds the whole 1e-4..1 grid)", DefaultValueFactory = _ => ["0.01,0.1"], AllowMultipleArgumentsPerToken = true };
        var json = new Option<string?>("--json") { Description = "Write the result as JSON ('-' for standard output)" };
        var report = new Option<DirectoryInfo?>("--report") { Description = "Write report.html with the ROC into this folder" };
        var cmd = new Command("ijb", "IJB-B / IJB-C: template pooling, 1:1 TAR@FAR table and AUC, optional 1:N (insightface protocol).")
        {
            meta, features, target, faceness, normScore, flipHalves, scoresOut, oneToN, fpir, json, report,
        };
        cmd.SetGuardedAction((ctx, parse) =>
        {
            var fpirs = EvalSearchLists.Rates("--fpir", parse.GetValue(fpir));
            var t = parse.GetValue(target)!;
            var inputs = new EvalIjbInputs(parse.GetValue(meta)!.FullName, t);
            var options = new IjbTemplateOptions { UseDetectorScore = parse.GetValue(faceness), UseNormScore = parse.GetValue(normScore) };
            var featurePath = parse.GetValue(features)!.FullName;

            // Read every input before the long computations, so that a bad file fails fast.
            var images = inputs.ReadImages(options.UseDetectorScore);
            var pairs = inputs.ReadPairs();
            var oneToNLists = parse.GetValue(oneToN) ? inputs.ReadOneToN() : default((IReadOnlyList<IjbSubjectList> Galleries, IjbSubjectList Probes)?);
            var f = EvalIjbInputs.ReadFeatures(featurePath, images.Count, inputs.FaceTidMid, parse.GetValue(flipHalves));
            ctx.Cancellation.ThrowIfCancellationRequested();

            var templates = IjbTemplates.Build(f, images, options);
            ctx.Cancellation.ThrowIfCancellationRequested();
            double[] scores;
            using (var progress = ctx.StartProgress("scoring template pairs", pairs.First.Length))
            {
                scores = IjbTemplates.ScorePairs(templates, pairs, inputs.PairList, progress);
            }

            var verification = IjbTemplates.Evaluate(scores, pairs);
            string? scoreFile = null;
            if (parse.GetValue(scoresOut) is { } so)
            {
                scoreFile = ScoreFilePath(so, t);
                Npy.Write(scoreFile, scores);
                ctx.Err.WriteLine($"wrote {scoreFile}");
            }

            IjbIdentificationResult? identification = null;
            if (oneToNLists is { } lists)
            {
                ctx.Cancellation.ThrowIfCancellationRequested();
                var grid = IjbIdentification.FpirGrid();
                identification = IjbIdentification.Evaluate(templates, lists.Galleries, lists.Probes, [.. grid, .. fpirs]);
            }

            var summary = EvalIjbOutput.Summarize(inputs, featurePath, options, images.Count, templates.TemplateIds.Length, pairs, verification, scoreFile, identification, fpirs);
            EvalIjbOutput.Print(ctx.Out, summary);
            var text = ReportJson.Serialize(summary);
            EvalOutputs.WriteJson(ctx, parse.GetValue(json), text);
            if (parse.GetValue(report) is { } dir)
            {
                EvalIjbOutput.WriteReport(ctx, dir.FullName, summary, verification, text);
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    // insightface saves <save_path>/<t>.npy; a path ending in .npy names the file itself.
    private static string ScoreFilePath(string option, string target)
    {
        if (option.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            return Path.GetFullPath(option);
        }

        Directory.CreateDirectory(option);
        return Path.Combine(Path.GetFullPath(option), $"{target}.npy");
    }
}
