using System.Text.Json.Nodes;
using FaceSynth.Audit;
using FaceSynth.Audit.Inversion;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;
using FaceSynth.Reports.Plots;
using FaceSynth.Reports.Scores;

namespace FaceSynth.Cli.Commands;

/// <summary>
/// Outputs of <c>audit inversion</c> (AUDIT.md 2.4): inversion.json, inversion_attacks.csv,
/// transfer_&lt;type&gt;_&lt;fmr&gt;.csv, scores_&lt;target&gt;.png and report.html.
/// </summary>
internal static class AuditInversionReport
{
    public static void Write(CliContext ctx, string dir, List<InversionTarget> targets, List<InversionAttack> attacks, double[] fmrs, ulong seed, InversionResult r, Dictionary<string, string> models, List<string> inputWarnings)
    {
        Directory.CreateDirectory(dir);
        var warnings = inputWarnings.Concat(r.Warnings).ToList();
        var env = new AuditEnvelope("inversion", seed);
        foreach (var t in targets)
        {
            env.AddInput($"dataset:{t.Name}", t.Dataset.Source, t.Dataset.Rows, t.Dataset.Embeddings.Dim, t.Name, dir);
            if (models.TryGetValue(t.Name, out var model))
            {
                env.AddInput($"model:{t.Name}", model, 0, t.Dataset.Embeddings.Dim, t.Name, dir);
            }
        }

        env.Parameters["fmr"] = new JsonArray([.. fmrs.Select(f => JsonValue.Create(f))]);
        env.Parameters["attacks"] = attacks.Count;
        env.Parameters["target_kinds"] = new JsonObject([.. targets.Select(t => KeyValuePair.Create(t.Name, (JsonNode?)(models.ContainsKey(t.Name) ? "onnx" : "embeddings")))]);
        foreach (var th in r.Thresholds.SelectMany(kv => kv.Value))
        {
            env.AddThreshold(th);
        }

        // The envelope's threshold list does not say which target a threshold belongs to; this does.
        env.Results["target_thresholds"] = new JsonArray([.. targets.Select(t => (JsonNode)new JsonObject
        {
            ["target"] = t.Name,
            ["generator_space"] = t.IsGeneratorSpace,
            ["thresholds"] = new JsonArray([.. r.Thresholds[t.Name].Select(x => (JsonNode)AuditEnvelope.Threshold(x))]),
        })]);
        env.Results["cells"] = new JsonArray([.. r.Cells.Select(c => (JsonNode)new JsonObject
        {
            ["source"] = c.Source,
            ["target"] = c.Target,
            ["type"] = TypeTag(c.Type),
            ["fmr"] = c.Threshold.Fmr,
            ["tau"] = c.Threshold.Tau,
            ["tmr"] = AuditEnvelope.Num(c.Threshold.Tmr),
            ["sar"] = c.Sar,
            ["sar_ci"] = new JsonArray(c.SarCi.Lower, c.SarCi.Upper),
            ["accepted"] = c.Accepted,
            ["comparisons"] = c.Comparisons,
            ["any_match_rate"] = AuditEnvelope.Num(c.AnyMatchRate),
            ["attacks"] = c.Attacks,
            ["fta"] = c.FailedAttacks,
        })]);
        env.AddWarnings(warnings);
        env.Write(dir);

        var html = new HtmlReport("FaceSynth template inversion audit");
        html.Section("Setup");
        html.KeyValues([
            new("attacks", $"{attacks.Count} from {attacks.Select(a => a.Source).Distinct().Count()} source system(s)"),
            new("targets", string.Join(", ", targets.Select(t => $"{t.Name} ({t.Dataset.Rows} dataset rows, d = {t.Dataset.Embeddings.Dim})"))),
        ]);
        AuditCommon.Warn(ctx, html, warnings);
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in targets)
        {
            html.Section($"Target {t.Name}" + (t.IsGeneratorSpace ? " (the generator's own FR space)" : ""));
            AuditCommon.ThresholdTable(html, r.Thresholds[t.Name]);
            AddScorePlot(html, dir, t, r, seed, usedNames);
        }

        WriteTransfer(dir, html, targets, fmrs, r);
        html.Section("SAR per source, target, type and FMR");
        html.Table(["source", "target", "type", "target FMR", "SAR", "95% CI", "comparisons", "any match", "FTA", "TMR"],
            r.Cells.Select(c => (IReadOnlyList<string>)[c.Source, c.Target, TypeTag(c.Type), ReportFormat.Target(c.Threshold.Fmr), ReportFormat.Percent(c.Sar),
                $"[{ReportFormat.Percent(c.SarCi.Lower)}, {ReportFormat.Percent(c.SarCi.Upper)}]", c.Comparisons.ToString(AuditCommon.Inv),
                double.IsNaN(c.AnyMatchRate) ? "n/a" : ReportFormat.Percent(c.AnyMatchRate), $"{c.FailedAttacks}/{c.Attacks}", ReportFormat.Fraction(c.Threshold.Tmr)]));
        WriteAttacks(dir, attacks, fmrs, r);
        AuditCommon.Provenance(html, "[paper] SAR at thresholds on the attacked system's bona fide impostor scores (Idiap TI evaluations); Type-I / Type-II after Mai et al. (NbNet); adapter-based inversion and transferability (arXiv 2411.03960). [ours] Per-comparison Type-II counting, the any-match rate, failed detections as failed attacks and the matrix layout (AUDIT.md 2). '*' marks the generator's own FR space.");
        html.Save(Path.Combine(dir, "report.html"));
        ctx.Out.Write(TextTable.Format(["source", "target", "type", "FMR", "SAR"], r.Cells.Select(c => (IReadOnlyList<string>)[c.Source, c.Target, c.Type.ToString(), ReportFormat.Target(c.Threshold.Fmr), ReportFormat.Percent(c.Sar)]).ToList()));
    }

    public static string TypeTag(AttackType type) => type == AttackType.TypeI ? "type1" : "type2";

    /// <summary>A target name as a file-name part: letters, digits, '-', '_' and '.' kept, anything else '_'.</summary>
    public static string FileTag(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        return chars.Length == 0 ? "_" : new string(chars);
    }

    private static void AddScorePlot(HtmlReport html, string dir, InversionTarget t, InversionResult r, ulong seed, HashSet<string> usedNames)
    {
        var (genuine, impostor) = BonafideScores.Compute(t.Dataset, BonafideScores.DefaultMaxScores, seed);
        double[] Attack(AttackType type) => [.. r.Comparisons.Where(c => c.Target == t.Name && c.Type == type && double.IsFinite(c.Score)).Select(c => c.Score)];
        var series = new List<(string, double[])>
        {
            ("bona fide genuine", [.. genuine.Select(x => (double)x)]),
            ("bona fide impostor", [.. impostor.Select(x => (double)x)]),
            ("attack Type-I", Attack(AttackType.TypeI)),
            ("attack Type-II", Attack(AttackType.TypeII)),
        };
        var markers = r.Thresholds[t.Name].Select(th => new PlotMarker($"threshold at FMR {ReportFormat.Target(th.Fmr)}", th.Tau)).ToList();
        string name = "scores_" + FileTag(t.Name);
        for (int k = 2; !usedNames.Add(name); k++)
        {
            name = $"scores_{FileTag(t.Name)}_{k}";
        }

        int failed = r.Comparisons.Count(c => c.Target == t.Name && c.Type == AttackType.TypeI && !double.IsFinite(c.Score));
        ScoreReport.AddPlot(html, dir, name, AuditScoreHistogram.Render(series, markers),
            $"Scores of {t.Name}: bona fide genuine ({genuine.Length}) and impostor ({impostor.Length}{(impostor.Length == BonafideScores.DefaultMaxScores ? ", drawn" : "")}) pairs of the dataset, attack comparisons; {failed} failed attack(s) without a score are not drawn");
    }

    private static void WriteTransfer(string dir, HtmlReport html, List<InversionTarget> targets, double[] fmrs, InversionResult r)
    {
        foreach (var type in new[] { AttackType.TypeI, AttackType.TypeII })
        {
            foreach (double f in fmrs)
            {
                var (sources, tg, sar) = r.Matrix(type, f);
                if (sources.Length == 0)
                {
                    continue;
                }

                string tag = $"{TypeTag(type)}_{f.ToString("G3", AuditCommon.Inv)}";
                AuditCommon.WriteCsv(Path.Combine(dir, $"transfer_{tag}.csv"), ["source", .. tg],
                    sources.Select((s, i) => (IEnumerable<string>)[s, .. tg.Select((_, j) => AuditCommon.F(sar[i, j]))]));
                html.Section($"SAR, {type}, FMR {ReportFormat.Target(f)} (rows: source, columns: target)");
                html.Table(["source", .. tg.Select(t => targets.First(x => x.Name == t).IsGeneratorSpace ? t + " *" : t)],
                    sources.Select((s, i) => (IReadOnlyList<string>)[s, .. tg.Select((_, j) => double.IsNaN(sar[i, j]) ? "n/a" : ReportFormat.Percent(sar[i, j]))]));
            }
        }
    }

    /// <summary>One line per comparison; accepted_fmr_f uses the float threshold the SAR counts use.</summary>
    private static void WriteAttacks(string dir, List<InversionAttack> attacks, double[] fmrs, InversionResult r)
    {
        AuditCommon.WriteCsv(Path.Combine(dir, "inversion_attacks.csv"),
            ["source", "target", "template_row", "attack_path", "type", "compared_row", "score", .. fmrs.Select(f => $"accepted_fmr_{f.ToString("G3", AuditCommon.Inv)}")],
            r.Comparisons.Select(c =>
            {
                var a = attacks[c.Attack];
                var th = r.Thresholds[c.Target];
                return (IEnumerable<string>)[a.Source, c.Target, a.TemplateRow.ToString(AuditCommon.Inv), a.Path ?? "", TypeTag(c.Type), c.ComparedRow.ToString(AuditCommon.Inv),
                    double.IsFinite(c.Score) ? AuditCommon.F(c.Score) : "-inf", .. th.Select(x => c.Score >= x.TauFloat ? "1" : "0")];
            }));
    }
}
