using System.CommandLine;
using System.Text.Json.Nodes;
using FaceSynth.Audit;
using FaceSynth.Audit.Translation;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;
using FaceSynth.Reports.Plots;
using FaceSynth.Reports.Scores;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth audit adapter fit|apply|eval</c>: embedding translation between FR models (AUDIT.md 3).</summary>
internal static class AuditAdapterCommand
{
    public static Command Build()
    {
        var cmd = new Command("adapter", "Embedding translation between two FR models: fit (ridge, Procrustes or MLP), apply a saved adapter, evaluate it.");
        cmd.Subcommands.Add(Fit());
        cmd.Subcommands.Add(Apply());
        cmd.Subcommands.Add(Eval());
        return cmd;
    }

    private static Command Fit()
    {
        var source = new Option<FileInfo>("--source") { Description = "Source-model embeddings X (.npy, n x p; optional .csv with subject)", Required = true };
        var target = new Option<FileInfo>("--target") { Description = "Target-model embeddings Y of the same images, same row order (.npy, n x q)", Required = true };
        var kind = new Option<AdapterKind>("--kind") { Description = "linear (ridge with bias), procrustes or mlp", DefaultValueFactory = _ => AdapterKind.Linear };
        var hidden = new Option<int>("--hidden") { Description = "MLP hidden width", DefaultValueFactory = _ => 1024 };
        var epochs = new Option<int>("--epochs") { Description = "MLP maximum epochs", DefaultValueFactory = _ => 200 };
        var center = new Option<bool>("--center") { Description = "Procrustes: centre and add a bias" };
        var scale = new Option<bool>("--scale") { Description = "Procrustes: fit a global scale" };
        var rawSource = new Option<bool>("--raw-source") { Description = "Do not L2-normalise source rows" };
        var sourceModel = new Option<string>("--source-model") { Description = "Source model id", DefaultValueFactory = _ => "" };
        var targetModel = new Option<string>("--target-model") { Description = "Target model id", DefaultValueFactory = _ => "" };
        var subjectColumn = AuditCommon.SubjectColumnOption();
        var seed = AuditCommon.SeedOption();
        var outDir = AuditCommon.OutOption();
        var cmd = new Command("fit", "Fit a translator on a subject-disjoint 80/10/10 split and evaluate it on the test split; writes adapter.json, weights.npz, report.html.")
        {
            source, target, kind, hidden, epochs, center, scale, rawSource, sourceModel, targetModel, subjectColumn, seed, outDir,
        };
        cmd.SetGuardedAction(async (ctx, parse) =>
        {
            var x = AuditSet.Load(parse.GetRequiredValue(source).FullName, subjectColumn: parse.GetValue(subjectColumn)!);
            var y = AuditSet.Load(parse.GetRequiredValue(target).FullName, subjectColumn: parse.GetValue(subjectColumn)!);
            var o = new AdapterOptions
            {
                Kind = parse.GetValue(kind),
                Hidden = parse.GetValue(hidden),
                MaxEpochs = parse.GetValue(epochs),
                Center = parse.GetValue(center),
                Scale = parse.GetValue(scale),
                NormalizeInput = !parse.GetValue(rawSource),
                Seed = parse.GetValue(seed),
                SourceModel = parse.GetValue(sourceModel)!,
                TargetModel = parse.GetValue(targetModel)!,
            };
            var subjects = x.Subjects ?? y.Subjects;
            var (fit, eval) = await Task.Run(() =>
            {
                var f = AdapterTrainer.Fit(x.Embeddings, y.Embeddings, subjects, o);
                var e = f.TestRows.Length > 0 ? AdapterEvaluator.Evaluate(f.Translator, x.Embeddings, y.Embeddings, subjects, f.TestRows, o.NormalizeInput, o.Seed) : null;
                return (f, e);
            }, ctx.Cancellation).ConfigureAwait(false);
            var dir = parse.GetRequiredValue(outDir).FullName;
            Directory.CreateDirectory(dir);
            var extra = new JsonObject { ["seed"] = o.Seed, ["test_metrics"] = eval is null ? null : EvalJson(eval) };
            AdapterFile.Save(dir, fit, o.NormalizeInput, extra);
            Report(ctx, dir, $"adapter fit ({o.Kind})", eval, fit);
            ctx.Out.WriteLine($"adapter: {o.Kind}, lambda_rel {fit.LambdaRel}, validation mean cosine {fit.ValidationMeanCosine:F4}" + (eval is null ? "" : $", test mean cosine {eval.Fidelity.Mean:F4}"));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Apply()
    {
        var adapter = new Option<DirectoryInfo>("--adapter") { Description = "Folder written by 'audit adapter fit'", Required = true };
        var source = new Option<FileInfo>("--source") { Description = "Embeddings to translate (.npy)", Required = true };
        var outDir = AuditCommon.OutOption();
        var cmd = new Command("apply", "Translate an embedding set with a saved adapter; writes translated.npy (unit rows).") { adapter, source, outDir };
        cmd.SetGuardedAction((ctx, parse) =>
        {
            var (t, norm) = AdapterFile.Load(parse.GetRequiredValue(adapter).FullName);
            var x = Npy.ReadMatrix(parse.GetRequiredValue(source).FullName);
            var y = AdapterFile.Apply(t, x, norm);
            var dir = parse.GetRequiredValue(outDir).FullName;
            Directory.CreateDirectory(dir);
            Npy.Write(Path.Combine(dir, "translated.npy"), y);
            ctx.Out.WriteLine($"translated {y.Rows} rows {t.InputDim} -> {t.OutputDim} into {Path.Combine(dir, "translated.npy")}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Eval()
    {
        var adapter = new Option<DirectoryInfo>("--adapter") { Description = "Folder written by 'audit adapter fit'", Required = true };
        var source = new Option<FileInfo>("--source") { Description = "Source-model embeddings (.npy; .csv with subject for verification)", Required = true };
        var target = new Option<FileInfo>("--target") { Description = "Target-model embeddings of the same images (.npy)", Required = true };
        var subjectColumn = AuditCommon.SubjectColumnOption();
        var seed = AuditCommon.SeedOption();
        var outDir = AuditCommon.OutOption();
        var cmd = new Command("eval", "Evaluate a saved adapter on every row of a paired set: cosine to target, cross-model verification (EER, TMR at FMR, 10-fold accuracy).") { adapter, source, target, subjectColumn, seed, outDir };
        cmd.SetGuardedAction(async (ctx, parse) =>
        {
            var (t, norm) = AdapterFile.Load(parse.GetRequiredValue(adapter).FullName);
            var x = AuditSet.Load(parse.GetRequiredValue(source).FullName, subjectColumn: parse.GetValue(subjectColumn)!);
            var y = AuditSet.Load(parse.GetRequiredValue(target).FullName, subjectColumn: parse.GetValue(subjectColumn)!);
            var rows = Enumerable.Range(0, x.Rows).ToArray();
            var eval = await Task.Run(() => AdapterEvaluator.Evaluate(t, x.Embeddings, y.Embeddings, x.Subjects ?? y.Subjects, rows, norm, parse.GetValue(seed)), ctx.Cancellation).ConfigureAwait(false);
            var dir = parse.GetRequiredValue(outDir).FullName;
            var env = new AuditEnvelope("adapter", parse.GetValue(seed));
            env.AddInput("source", x.Source, x.Rows, x.Embeddings.Dim, x.Model, dir);
            env.AddInput("target", y.Source, y.Rows, y.Embeddings.Dim, y.Model, dir);
            env.Results["evaluation"] = EvalJson(eval);
            env.Write(dir);
            Report(ctx, dir, "adapter evaluation", eval, null);
            ctx.Out.WriteLine($"mean cosine to target {eval.Fidelity.Mean:F4} over {eval.TestRows} rows");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static JsonObject EvalJson(AdapterEvaluation e) => new()
    {
        ["rows"] = e.TestRows,
        ["fidelity"] = Summary(e.Fidelity),
        ["baseline_untranslated"] = e.Baseline is null ? null : Summary(e.Baseline),
        ["verification"] = new JsonArray([.. e.Verification.Select(v => (JsonNode)new JsonObject
        {
            ["scores"] = v.Name,
            ["genuine"] = v.Genuine,
            ["impostor"] = v.Impostor,
            ["eer"] = AuditEnvelope.Num(v.Eer),
            ["thresholds"] = new JsonArray([.. v.Thresholds.Select(t => (JsonNode)AuditEnvelope.Threshold(t))]),
            ["kfold_accuracy"] = AuditEnvelope.Num(v.KFoldAccuracy),
            ["kfold_pairs"] = v.KFoldPairs,
        })]),
    };

    private static JsonObject Summary(FaceSynth.Audit.Leakage.ScoreSummary s) => new()
    {
        ["mean"] = s.Mean,
        ["median"] = s.Median,
        ["p05"] = s.P05,
        ["p95"] = s.P95,
        ["min"] = s.Min,
        ["max"] = s.Max,
    };

    private static void Report(CliContext ctx, string dir, string title, AdapterEvaluation? e, AdapterFit? fit)
    {
        var html = new HtmlReport("FaceSynth " + title);
        if (fit is not null)
        {
            html.Section("Fit");
            html.KeyValues([
                new("kind", fit.Kind.ToString()), new("lambda_rel", fit.LambdaRel.ToString("G3", AuditCommon.Inv)),
                new("train / validation / test rows", $"{fit.TrainRows.Length} / {fit.ValidationRows.Length} / {fit.TestRows.Length}"),
                new("validation mean cosine", fit.ValidationMeanCosine.ToString("F4", AuditCommon.Inv)),
            ]);
        }

        if (e is not null)
        {
            html.Section("Fidelity");
            html.Table(["", "mean", "p05", "median", "p95"],
                new[] { ("cos(translated, target)", e.Fidelity), ("cos(source, target) untranslated", e.Baseline) }.Where(t => t.Item2 is not null)
                    .Select(t => (IReadOnlyList<string>)[t.Item1, t.Item2!.Mean.ToString("F4", AuditCommon.Inv), t.Item2.P05.ToString("F4", AuditCommon.Inv), t.Item2.Median.ToString("F4", AuditCommon.Inv), t.Item2.P95.ToString("F4", AuditCommon.Inv)]));
            if (e.Verification.Count > 0)
            {
                html.Section("Cross-model verification");
                html.Table(["scores", "EER", "TMR @ FMR 1e-2", "TMR @ FMR 1e-3", "10-fold accuracy"],
                    e.Verification.Select(v => (IReadOnlyList<string>)[v.Name, ReportFormat.Percent(v.Eer), ReportFormat.Fraction(v.Thresholds[0].Tmr), ReportFormat.Fraction(v.Thresholds[1].Tmr), ReportFormat.Fraction(v.KFoldAccuracy)]));
                html.Paragraph("The gap between 'cross' (translated probe vs native reference) and 'within_target' is the translation loss.");
            }
        }

        AuditCommon.Provenance(html, "[paper] A single linear layer trained with MSE maps one FR model's embeddings into another's (arXiv 2411.03960); an affine translator pairs models for backdoor detection (arXiv 2402.18718). [ours] Ridge selection, Procrustes, the residual MLP, the subject-disjoint split and this evaluation (AUDIT.md 3).");
        html.Save(Path.Combine(dir, "report.html"));
    }
}
