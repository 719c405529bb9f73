using System.CommandLine;
using System.Text.Json.Nodes;
using FaceSynth.Audit;
using FaceSynth.Audit.Backdoor;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;
using FaceSynth.Reports.Plots;
using FaceSynth.Reports.Scores;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth audit backdoor</c>: backdoor detection by model pairing (AUDIT.md 5), on precomputed embeddings.</summary>
internal static class AuditBackdoorCommand
{
    public static Command Build()
    {
        var probeFit = new Option<FileInfo>("--probe-fit") { Description = "Probe model's embeddings of clean fit images (.npy; optional .csv with subject)", Required = true };
        var refFit = new Option<FileInfo>("--reference-fit") { Description = "Reference model's embeddings of the same images (.npy)", Required = true };
        var probeEval = new Option<FileInfo>("--probe-eval") { Description = "Probe model's embeddings of the inputs to score (.npy)", Required = true };
        var refEval = new Option<FileInfo>("--reference-eval") { Description = "Reference model's embeddings of the same inputs (.npy)", Required = true };
        var labels = new Option<FileInfo?>("--labels") { Description = "CSV with a 'triggered' column (0 clean / 1 triggered), one row per eval input" };
        var rate = new Option<double>("--rate") { Description = "Clean flag rate q of the threshold", DefaultValueFactory = _ => 0.01 };
        var seed = AuditCommon.SeedOption();
        var outDir = AuditCommon.OutOption();
        var cmd = new Command("backdoor", "Fit an affine translation probe -> reference on clean data, score inputs by agreement, report AUC, EER, TPR at FPR 1e-2 / 1e-3 on labelled inputs and a binomial model-level test.")
        {
            probeFit, refFit, probeEval, refEval, labels, rate, seed, outDir,
        };
        cmd.SetGuardedAction(async (ctx, parse) =>
        {
            var pf = AuditSet.Load(parse.GetRequiredValue(probeFit).FullName);
            var rf = AuditSet.Load(parse.GetRequiredValue(refFit).FullName);
            var pe = Npy.ReadMatrix(parse.GetRequiredValue(probeEval).FullName);
            var re = Npy.ReadMatrix(parse.GetRequiredValue(refEval).FullName);
            bool[]? triggered = parse.GetValue(labels) is { } l ? ReadLabels(l.FullName, pe.Rows) : null;
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
            env.AddInput("probe_fit", pf.Source, pf.Rows, pf.Embeddings.Dim, pf.Model, dir);
            env.AddInput("reference_fit", rf.Source, rf.Rows, rf.Embeddings.Dim, rf.Model, dir);
            env.AddInput("probe_eval", parse.GetRequiredValue(probeEval).FullName, pe.Rows, pe.Dim, null, dir);
            env.AddInput("reference_eval", parse.GetRequiredValue(refEval).FullName, re.Rows, re.Dim, null, dir);
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

    private static bool[] ReadLabels(string csv, int rows)
    {
        var lines = File.ReadAllLines(csv).Where(l => l.Trim().Length > 0).ToArray();
        var header = lines.Length > 0 ? lines[0].Split(',').Select(h => h.Trim()).ToArray() : [];
        int c = Array.FindIndex(header, h => h.Equals("triggered", StringComparison.OrdinalIgnoreCase));
        if (c < 0)
        {
            throw FaceSynthDataException.AtLine(csv, 1, "no 'triggered' column");
        }

        if (lines.Length - 1 != rows)
        {
            throw new FaceSynthDataException(csv, $"{lines.Length - 1} labels for {rows} eval inputs");
        }

        return lines.Skip(1).Select((l, i) => l.Split(',')[c].Trim() switch
        {
            "1" or "true" or "triggered" => true,
            "0" or "false" or "clean" => false,
            var v => throw FaceSynthDataException.AtLine(csv, i + 2, $"'{v}' is not 0/1"),
        }).ToArray();
    }
}
