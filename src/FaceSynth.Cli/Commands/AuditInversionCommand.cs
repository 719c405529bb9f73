using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaceSynth.Audit;
using FaceSynth.Audit.Inversion;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth audit inversion</c>: success attack rates of template inversion (AUDIT.md 2), on precomputed embeddings.</summary>
internal static class AuditInversionCommand
{
    public static Command Build()
    {
        var targets = new Option<FileInfo>("--targets") { Description = "JSON: {\"targets\": [{\"name\", \"dataset\": D_T.npy (+ .csv with subject), \"attacks\": A_T.npy, \"generator_space\": false}]}; paths relative to the file", Required = true };
        var attacks = new Option<FileInfo>("--attacks") { Description = "CSV source,template_row[,path]: one line per attack image, in the row order of every A_T.npy", Required = true };
        var fmr = AuditCommon.FmrOption("1e-2,1e-3");
        var subjectColumn = AuditCommon.SubjectColumnOption();
        var seed = AuditCommon.SeedOption();
        var outDir = AuditCommon.OutOption();
        var cmd = new Command("inversion", "Template inversion: SAR (Type-I and Type-II) of attack images against each target system at thresholds on its own impostor scores, transferability matrices.")
        {
            targets, attacks, fmr, subjectColumn, seed, outDir,
        };
        cmd.SetGuardedAction(async (ctx, parse) =>
        {
            var tfile = parse.GetRequiredValue(targets).FullName;
            var list = ReadTargets(tfile, parse.GetValue(subjectColumn)!);
            var atk = ReadAttacks(parse.GetRequiredValue(attacks).FullName);
            var fmrs = AuditCommon.ParseFmrs(parse.GetValue(fmr), [1e-2, 1e-3])!;
            var r = await Task.Run(() => InversionAudit.Run(list, atk, fmrs, seed: parse.GetValue(seed)), ctx.Cancellation).ConfigureAwait(false);
            Write(ctx, parse.GetRequiredValue(outDir).FullName, list, atk, fmrs, parse.GetValue(seed), r);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static List<InversionTarget> ReadTargets(string file, string subjectColumn)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file));
        }
        catch (JsonException e)
        {
            throw new FaceSynthDataException(file, $"invalid JSON: {e.Message}", e);
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var arr = root?["targets"] as JsonArray ?? throw new FaceSynthDataException(file, "expected an object with a 'targets' array");
        var list = new List<InversionTarget>();
        foreach (var t in arr)
        {
            string name = (string?)t?["name"] ?? throw new FaceSynthDataException(file, "every target needs a 'name'");
            string ds = (string?)t?["dataset"] ?? throw new FaceSynthDataException(file, $"target '{name}' needs 'dataset'");
            string at = (string?)t?["attacks"] ?? throw new FaceSynthDataException(file, $"target '{name}' needs 'attacks'");
            list.Add(new InversionTarget(name, AuditSet.Load(Path.Combine(dir, ds), subjectColumn: subjectColumn, model: name), Npy.ReadMatrix(Path.Combine(dir, at)), (bool?)t?["generator_space"] ?? false));
        }

        return list;
    }

    private static List<InversionAttack> ReadAttacks(string csv)
    {
        var lines = File.ReadAllLines(csv).Where(l => l.Trim().Length > 0).ToArray();
        var header = lines.Length == 0 ? [] : lines[0].Split(',').Select(h => h.Trim()).ToArray();
        int s = Array.IndexOf(header, "source"), r = Array.IndexOf(header, "template_row"), p = Array.IndexOf(header, "path");
        if (s < 0 || r < 0)
        {
            throw FaceSynthDataException.AtLine(csv, 1, "expected a header with 'source' and 'template_row'");
        }

        var list = new List<InversionAttack>();
        for (int i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            if (f.Length != header.Length || !int.TryParse(f[r], NumberStyles.Integer, CultureInfo.InvariantCulture, out int row))
            {
                throw FaceSynthDataException.AtLine(csv, i + 1, "expected source,template_row[,path] with an integer row");
            }

            list.Add(new InversionAttack(f[s].Trim(), row, p >= 0 ? f[p].Trim() : null));
        }

        return list;
    }

    private static void Write(CliContext ctx, string dir, List<InversionTarget> targets, List<InversionAttack> attacks, double[] fmrs, ulong seed, InversionResult r)
    {
        Directory.CreateDirectory(dir);
        var env = new AuditEnvelope("inversion", seed);
        foreach (var t in targets)
        {
            env.AddInput($"dataset:{t.Name}", t.Dataset.Source, t.Dataset.Rows, t.Dataset.Embeddings.Dim, t.Name, dir);
        }

        env.Parameters["fmr"] = new JsonArray([.. fmrs.Select(f => JsonValue.Create(f))]);
        foreach (var th in r.Thresholds.SelectMany(kv => kv.Value))
        {
            env.AddThreshold(th);
        }

        env.Results["cells"] = new JsonArray([.. r.Cells.Select(c => (JsonNode)new JsonObject
        {
            ["source"] = c.Source,
            ["target"] = c.Target,
            ["type"] = c.Type == AttackType.TypeI ? "type1" : "type2",
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
        env.AddWarnings(r.Warnings);
        env.Write(dir);
        var html = new HtmlReport("FaceSynth template inversion audit");
        foreach (var t in targets)
        {
            html.Section($"Target {t.Name}" + (t.IsGeneratorSpace ? " (the generator's own FR space)" : ""));
            AuditCommon.ThresholdTable(html, r.Thresholds[t.Name]);
        }

        foreach (var type in new[] { AttackType.TypeI, AttackType.TypeII })
        {
            foreach (double f in fmrs)
            {
                var (sources, tg, sar) = r.Matrix(type, f);
                if (sources.Length == 0)
                {
                    continue;
                }

                string tag = $"{(type == AttackType.TypeI ? "type1" : "type2")}_{f.ToString("G3", AuditCommon.Inv)}";
                AuditCommon.WriteCsv(Path.Combine(dir, $"transfer_{tag}.csv"), ["source", .. tg],
                    sources.Select((s, i) => (IEnumerable<string>)[s, .. tg.Select((_, j) => AuditCommon.F(sar[i, j]))]));
                html.Section($"SAR, {type}, FMR {ReportFormat.Target(f)} (rows: source, columns: target)");
                html.Table(["source", .. tg.Select(t => targets.First(x => x.Name == t).IsGeneratorSpace ? t + " *" : t)],
                    sources.Select((s, i) => (IReadOnlyList<string>)[s, .. tg.Select((_, j) => double.IsNaN(sar[i, j]) ? "n/a" : ReportFormat.Percent(sar[i, j]))]));
            }
        }

        AuditCommon.WriteCsv(Path.Combine(dir, "inversion_attacks.csv"), ["source", "target", "template_row", "attack_path", "type", "compared_row", "score"],
            r.Comparisons.Select(c => (IEnumerable<string>)[attacks[c.Attack].Source, c.Target, attacks[c.Attack].TemplateRow.ToString(AuditCommon.Inv), attacks[c.Attack].Path ?? "", c.Type == AttackType.TypeI ? "type1" : "type2", c.ComparedRow.ToString(AuditCommon.Inv), double.IsFinite(c.Score) ? AuditCommon.F(c.Score) : "-inf"]));
        AuditCommon.Warn(ctx, html, r.Warnings);
        AuditCommon.Provenance(html, "[paper] SAR at thresholds on the attacked system's bona fide impostor scores (Idiap TI evaluations); Type-I / Type-II after Mai et al. (NbNet); adapter-based inversion and transferability (arXiv 2411.03960). [ours] Per-comparison Type-II counting, the any-match rate, failed detections as failed attacks and the matrix layout (AUDIT.md 2). '*' marks the generator's own FR space.");
        html.Save(Path.Combine(dir, "report.html"));
        ctx.Out.Write(TextTable.Format(["source", "target", "type", "FMR", "SAR"], r.Cells.Select(c => (IReadOnlyList<string>)[c.Source, c.Target, c.Type.ToString(), ReportFormat.Target(c.Threshold.Fmr), ReportFormat.Percent(c.Sar)]).ToList()));
    }
}
