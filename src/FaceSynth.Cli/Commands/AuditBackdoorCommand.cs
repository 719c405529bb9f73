using System.CommandLine;
using System.Text.Json.Nodes;
using FaceSynth.Audit;
using FaceSynth.Audit.Backdoor;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Metrics;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;
using FaceSynth.Reports.Plots;
using FaceSynth.Reports.Scores;
using FaceSynth.Vision.Embedding;

namespace FaceSynth.Cli.Commands;

/// <summary>
/// <c>facesynth audit backdoor</c>: backdoor detection by model pairing (AUDIT.md 5), on precomputed embeddings or
/// with the two ONNX models embedding listed images.
/// </summary>
internal static class AuditBackdoorCommand
{
    public static Command Build()
    {
        var probeFit = new Option<FileInfo?>("--probe-fit") { Description = "Embedding form: probe model's embeddings of clean fit images (.npy; optional .csv with subject)" };
        var refFit = new Option<FileInfo?>("--reference-fit") { Description = "Embedding form: reference model's embeddings of the same images (.npy)" };
        var probeEval = new Option<FileInfo?>("--probe-eval") { Description = "Embedding form: probe model's embeddings of the inputs to score (.npy)" };
        var refEval = new Option<FileInfo?>("--reference-eval") { Description = "Embedding form: reference model's embeddings of the same inputs (.npy)" };
        var labels = new Option<FileInfo?>("--labels") { Description = "Embedding form: CSV with a 'triggered' column (0 clean / 1 triggered), one row per eval input" };
        var probeModel = new Option<FileInfo?>("--probe-model") { Description = "Model form: the ONNX recognition model under audit" };
        var refModel = new Option<FileInfo?>("--reference-model") { Description = "Model form: the trusted ONNX reference model" };
        var fit = new Option<FileInfo?>("--fit") { Description = "Model form: CSV of clean fit images, 'path' (relative to the CSV, aligned crops) and optional 'subject'" };
        var eval = new Option<FileInfo?>("--eval") { Description = "Model form: CSV of the images to score, 'path', optional 'triggered' (0/1) and 'subject'" };
        var rate = new Option<double>("--rate") { Description = "Clean flag rate q of the threshold", DefaultValueFactory = _ => 0.01 };
        var seed = AuditCommon.SeedOption();
        var outDir = AuditCommon.OutOption();
        var vision = new VisionOptions();
        var cmd = new Command("backdoor", "Fit an affine translation probe -> reference on clean data, score inputs by agreement, report AUC, EER, TPR at FPR 1e-2 / 1e-3 on labelled inputs and a binomial model-level test. "
            + "Takes the two models' embeddings (--probe-fit ...) or the two ONNX models and image lists (--probe-model ...).")
        {
            probeFit, refFit, probeEval, refEval, labels, probeModel, refModel, fit, eval, rate, seed, outDir,
        };
        vision.AddTo(cmd);
        cmd.SetGuardedAction(async (ctx, parse) =>
        {
            var files = new BackdoorFiles(
                parse.GetValue(probeFit)?.FullName,
                parse.GetValue(refFit)?.FullName,
                parse.GetValue(probeEval)?.FullName,
                parse.GetValue(refEval)?.FullName,
                parse.GetValue(labels)?.FullName,
                parse.GetValue(probeModel)?.FullName,
                parse.GetValue(refModel)?.FullName,
                parse.GetValue(fit)?.FullName,
                parse.GetValue(eval)?.FullName);
            bool models = AuditBackdoorInputs.IsModelForm(files);
            var embedderOptions = new FaceEmbedderOptions(parse.GetValue(vision.Batch), Session: vision.Session(parse));
            var inputs = await Task.Run(() => models ? AuditBackdoorInputs.FromModels(files, embedderOptions) : AuditBackdoorInputs.FromEmbeddings(files), ctx.Cancellation).ConfigureAwait(false);
            var (pf, rf, pe, re, triggered) = (inputs.ProbeFit, inputs.ReferenceFit, inputs.ProbeEval, inputs.ReferenceEval, inputs.Triggered);
            double q = parse.GetValue(rate);
            var (detector, heldOut, u, s) = await Task.Run(() =>
            {
                var d = BackdoorDetector.Train(pf.Embeddings, rf.Embeddings, pf.Subjects, parse.GetValue(seed));
                var rows = d.Fit.ValidationRows;
                var (_, uFit) = d.ScoreSamples(Rows(pf.Embeddings, rows), Rows(rf.Embeddings, rows));
                d.Calibrate(uFit, q);
                var (sEval, uEval) = d.ScoreSamples(pe, re);
                return (d, uFit, uEval, sEval);
            }, ctx.Cancellation).ConfigureAwait(false);

            var dir = parse.GetRequiredValue(outDir).FullName;
            Directory.CreateDirectory(dir);
            var env = new AuditEnvelope("backdoor", parse.GetValue(seed));
            inputs.Record(env, dir);
            inputs.WriteEmbeddings(dir);
            env.Parameters["rate"] = q;
            env.Results["n_fit"] = detector.Fit.TrainRows.Length;
            env.Results["validation_mean_agreement"] = detector.Fit.ValidationMeanCosine;
            env.Results["held_out_clean"] = heldOut.Length;
            env.Results["threshold"] = detector.Threshold;
            var test = detector.TestModel(u, q);
            env.Results["model_test"] = new JsonObject { ["inputs"] = test.Inputs, ["flagged"] = test.Flagged, ["flagged_fraction"] = test.FlaggedFraction, ["rate"] = q, ["p_value"] = test.PValue };
            var html = new HtmlReport("FaceSynth backdoor detection by model pairing");
            html.Section("Fit");
            html.KeyValues([new("fit rows", detector.Fit.TrainRows.Length.ToString(AuditCommon.Inv)), new("validation mean agreement s", detector.Fit.ValidationMeanCosine.ToString("F4", AuditCommon.Inv)), new("threshold τ_u", detector.Threshold!.Value.ToString("F5", AuditCommon.Inv))]);
            html.Paragraph("A poor translation (low agreement on clean data) caps detection. Declare whether the fit data overlap either model's training data.");
            html.Section("Model-level test");
            html.Paragraph($"{test.Flagged} of {test.Inputs} inputs flagged (fraction {test.FlaggedFraction:F4} vs clean rate {q}); binomial p-value {test.PValue:G3}.");
            if (triggered is not null)
            {
                var clean = u.Where((_, i) => !triggered[i]).ToArray();
                var trig = u.Where((_, i) => triggered[i]).ToArray();
                var e = BackdoorDetector.Evaluate(clean, trig);
                env.Results["evaluation"] = new JsonObject
                {
                    ["clean"] = e.Clean,
                    ["triggered"] = e.Triggered,
                    ["auc"] = e.Auc,
                    ["eer"] = e.Eer,
                    ["tpr_at_fpr"] = new JsonObject(e.TprAtFpr.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key.ToString("G3", AuditCommon.Inv), kv.Value))),
                };
                html.Section("Detection on labelled inputs");
                html.Table(["AUC", "EER", .. e.TprAtFpr.Keys.Select(f => $"TPR @ FPR {ReportFormat.Target(f)}")], [[ReportFormat.Fraction(e.Auc), ReportFormat.Percent(e.Eer), .. e.TprAtFpr.Values.Select(ReportFormat.Fraction)]]);
                ScoreReport.AddPlot(html, dir, "suspicion_hist", ScorePlots.Histogram(trig, clean), "Suspicion u = 1 - s: triggered (genuine colour) vs clean (impostor colour)");
                if (clean.Length >= 2 && trig.Length >= 2)
                {
                    // Triggered inputs play the genuine side: FMR = clean inputs flagged, FNMR = triggered inputs missed.
                    var roc = SortedScores.FromUnsorted(clean, trig).Roc(2000);
                    ScoreReport.AddPlot(html, dir, "roc", ErrorPlots.Roc([new ErrorCurveSeries("suspicion u", roc.Fmr, roc.Fnmr)]), "Detection ROC: clean inputs flagged (x) vs triggered inputs detected (y)");
                }
                ctx.Out.WriteLine($"backdoor: AUC {e.Auc:F4}, EER {e.Eer:P2}, TPR@1e-2 {e.TprAtFpr[1e-2]:F4}");
            }

            AuditCommon.WriteCsv(Path.Combine(dir, "backdoor_scores.csv"), ["input", "label", "s", "u", "flagged"],
                Enumerable.Range(0, u.Length).Select(i => (IEnumerable<string>)[i.ToString(AuditCommon.Inv), triggered is null ? "" : (triggered[i] ? "triggered" : "clean"), AuditCommon.F(s[i]), AuditCommon.F(u[i]), u[i] >= detector.Threshold!.Value ? "1" : "0"]));
            env.Write(dir);
            AuditCommon.Provenance(html, "[paper] Unnervik, Otroshi Shahreza, George and Marcel (arXiv 2402.18718) pair a probe model with a reference model through an affine translation and read disagreement as a backdoor signal. [ours] Ridge fit, suspicion score, threshold at clean rate q, AUC/EER/TPR and the binomial test (AUDIT.md 5).");
            html.Save(Path.Combine(dir, "report.html"));
            ctx.Out.WriteLine($"backdoor: {test.Flagged}/{test.Inputs} flagged, p = {test.PValue:G3}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static EmbeddingMatrix Rows(EmbeddingMatrix m, int[] rows)
    {
        var r = new EmbeddingMatrix(rows.Length, m.Dim);
        for (int i = 0; i < rows.Length; i++)
        {
            m.Row(rows[i]).CopyTo(r.Row(i));
        }

        return r;
    }
}
