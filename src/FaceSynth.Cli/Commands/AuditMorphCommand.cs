using System.CommandLine;
using System.Text.Json.Nodes;
using FaceSynth.Audit;
using FaceSynth.Audit.Morphing;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;
using FaceSynth.Reports.Plots;
using FaceSynth.Reports.Scores;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth audit morph</c>: morphing vulnerability (AUDIT.md 4).</summary>
internal static class AuditMorphCommand
{
    public static Command Build()
    {
        var dataset = new Option<FileInfo>("--dataset") { Description = "Target system's embeddings of the dataset (.npy + .csv with subject; two or more images per subject)", Required = true };
        var selection = new Option<MorphSelection>("--pairs") { Description = "Pair selection: MostSimilar, Random, Band or List", DefaultValueFactory = _ => MorphSelection.MostSimilar };
        var pairsFile = new Option<FileInfo?>("--pairs-file") { Description = "CSV with subject_a,subject_b for --pairs List (every pair is used, in file order; --count does not apply)" };
        var sameAttribute = new Option<string?>("--same-attribute") { Description = "Only pair subjects whose source rows have equal values in this column of the dataset's metadata CSV (e.g. gender); not with --pairs List" };
        var count = new Option<int>("--count") { Description = "Number of morphs P", DefaultValueFactory = _ => 100 };
        var maxUses = new Option<int>("--max-uses") { Description = "Morphs per subject (MostSimilar)", DefaultValueFactory = _ => 1 };
        var band = new Option<string?>("--band") { Description = "lo,hi of c12 for --pairs Band" };
        var beta = new Option<double>("--beta") { Description = "Morph weight β in normalise(β e1 + (1 - β) e2)", DefaultValueFactory = _ => 0.5 };
        var strict = new Option<bool>("--strict") { Description = "Accept s > τ (reference code) instead of s >= τ" };
        var morphs = new Option<FileInfo?>("--morph-embeddings") { Description = "Target embeddings of rendered morph images, one row per pair of morph_pairs.csv (same options); NaN/zero row = failed" };
        var fmr = AuditCommon.FmrOption("1e-2,1e-3,1e-4");
        var subjectColumn = AuditCommon.SubjectColumnOption();
        var seed = AuditCommon.SeedOption();
        var outDir = AuditCommon.OutOption();
        var cmd = new Command("morph", "Morphing attack potential: optimal morph templates normalise(e1 + e2) of selected pairs, MinMax-MMPMR, ProdAvg-MMPMR and RMMR at thresholds on the system's impostor scores.")
        {
            dataset, selection, pairsFile, sameAttribute, count, maxUses, band, beta, strict, morphs, fmr, subjectColumn, seed, outDir,
        };
        cmd.SetGuardedAction(async (ctx, parse) =>
        {
            var set = AuditSet.Load(parse.GetRequiredValue(dataset).FullName, subjectColumn: parse.GetValue(subjectColumn)!);
            if (set.Subjects is null)
            {
                throw new CliUsageException($"{set.Source}: morphing needs subject labels (a metadata CSV with a '{parse.GetValue(subjectColumn)}' column)");
            }

            double lo = -1, hi = 1;
            if (parse.GetValue(band) is { } b)
            {
                var parts = b.Split(',');
                if (parts.Length != 2 || !double.TryParse(parts[0], System.Globalization.NumberStyles.Float, AuditCommon.Inv, out lo) || !double.TryParse(parts[1], System.Globalization.NumberStyles.Float, AuditCommon.Inv, out hi))
                {
                    throw new CliUsageException("--band expects lo,hi");
                }
            }

            var rule = parse.GetValue(selection);
            var listFile = parse.GetValue(pairsFile);
            var attribute = parse.GetValue(sameAttribute);
            if ((rule == MorphSelection.List) != (listFile is not null))
            {
                throw new CliUsageException(listFile is null ? "--pairs List needs --pairs-file F.csv" : "--pairs-file is only used with --pairs List");
            }

            if (rule == MorphSelection.List && attribute is not null)
            {
                throw new CliUsageException("--same-attribute does not apply to --pairs List (the list names the pairs)");
            }

            var o = new MorphOptions
            {
                Selection = rule,
                PairList = listFile is null ? null : MorphPairList.Read(listFile.FullName),
                SameAttribute = attribute,
                Attributes = attribute is null ? null : MetadataColumn.Read(Path.ChangeExtension(set.Source, ".csv"), attribute, set.Rows),
                Count = parse.GetValue(count),
                MaxUsesPerSubject = parse.GetValue(maxUses),
                BandLow = lo,
                BandHigh = hi,
                Beta = parse.GetValue(beta),
                StrictComparison = parse.GetValue(strict),
                Fmrs = AuditCommon.ParseFmrs(parse.GetValue(fmr), [1e-2, 1e-3, 1e-4])!,
                Seed = parse.GetValue(seed),
            };
            var templates = parse.GetValue(morphs) is { } m ? Npy.ReadMatrix(m.FullName) : null;
            var result = await Task.Run(() =>
            {
                var pairs = MorphAudit.SelectPairs(set, o);
                return MorphAudit.Evaluate(set, pairs, templates, o);
            }, ctx.Cancellation).ConfigureAwait(false);
            Write(ctx, parse.GetRequiredValue(outDir).FullName, set, o, result, templates is not null);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static void Write(CliContext ctx, string dir, AuditSet set, MorphOptions o, MorphResult r, bool imageLevel)
    {
        Directory.CreateDirectory(dir);
        var env = new AuditEnvelope("morph", o.Seed);
        env.AddInput("dataset", set.Source, set.Rows, set.Embeddings.Dim, set.Model, dir);
        env.Parameters["selection"] = o.Selection.ToString();
        env.Parameters["pairs_file"] = o.PairList is null ? null : Path.GetRelativePath(Path.GetFullPath(dir), Path.GetFullPath(o.PairList.Source)).Replace('\\', '/');
        env.Parameters["same_attribute"] = o.SameAttribute;
        env.Parameters["count"] = o.Count;
        env.Parameters["max_uses_per_subject"] = o.MaxUsesPerSubject;
        env.Parameters["beta"] = o.Beta;
        env.Parameters["strict_comparison"] = o.StrictComparison;
        env.Parameters["level"] = imageLevel ? "image" : "embedding";
        foreach (var rate in r.Rates)
        {
            env.AddThreshold(rate.Threshold);
        }

        env.Results["morphs"] = r.Outcomes.Count;
        env.Results["rates"] = new JsonArray([.. r.Rates.Select(x => (JsonNode)new JsonObject
        {
            ["fmr"] = x.Threshold.Fmr,
            ["tau"] = x.Threshold.Tau,
            ["minmax_mmpmr"] = x.MinMaxMmpmr,
            ["prodavg_mmpmr"] = x.ProdAvgMmpmr,
            ["rmmr_minmax"] = AuditEnvelope.Num(x.RmmrMinMax),
            ["rmmr_prodavg"] = AuditEnvelope.Num(x.RmmrProdAvg),
            ["ideal_mmpmr"] = x.IdealMmpmr,
        })]);
        env.AddWarnings(r.Warnings);
        env.Write(dir);
        var fmrs = r.Rates.Select(x => x.Threshold.Fmr.ToString("G3", AuditCommon.Inv)).ToArray();
        string[] attributeHeader = o.SameAttribute is null ? [] : ["attribute_value"];
        AuditCommon.WriteCsv(Path.Combine(dir, "morph_pairs.csv"),
            ["pair", "subject_a", "subject_b", "row_a", "row_b", "c12", "ideal_score", "max_score_a", "max_score_b", .. fmrs.Select(f => $"accepted_both_fmr_{f}"), .. attributeHeader],
            r.Outcomes.Select((m, i) => (IEnumerable<string>)[i.ToString(AuditCommon.Inv), m.Pair.SubjectA, m.Pair.SubjectB, m.Pair.RowA.ToString(AuditCommon.Inv), m.Pair.RowB.ToString(AuditCommon.Inv), AuditCommon.F(m.Pair.C12), AuditCommon.F(m.IdealScore), AuditCommon.F(m.MaxScoreA), AuditCommon.F(m.MaxScoreB), .. m.AcceptedA.Select((a, t) => a > 0 && m.AcceptedB[t] > 0 ? "1" : "0"), .. o.Attributes is null ? [] : new[] { o.Attributes[m.Pair.RowA] }]));

        var html = new HtmlReport("FaceSynth morphing audit");
        html.Section("Setup");
        html.KeyValues([new("dataset", $"{set.Source} ({set.Rows} rows)"), new("pairs", $"{r.Outcomes.Count} ({o.Selection}{(o.SameAttribute is null ? "" : $", same '{o.SameAttribute}'")})"), new("level", imageLevel ? "image (rendered morphs)" : "embedding (optimal morph templates)")]);
        AuditCommon.ThresholdTable(html, r.Rates.Select(x => x.Threshold).ToList());
        var table = new ReportTable(["target FMR", "MinMax-MMPMR", "ProdAvg-MMPMR", "RMMR (MinMax)", "ideal MMPMR"],
            r.Rates.Select(x => (IReadOnlyList<string>)[ReportFormat.Target(x.Threshold.Fmr), ReportFormat.Percent(x.MinMaxMmpmr), ReportFormat.Percent(x.ProdAvgMmpmr), ReportFormat.Percent(x.RmmrMinMax), ReportFormat.Percent(x.IdealMmpmr)]).ToList());
        html.Section("Vulnerability");
        ScoreReport.AddTable(html, table);
        AuditCommon.Warn(ctx, html, r.Warnings);
        var c12 = r.Outcomes.Select(m => m.Pair.C12).ToArray();
        ScoreReport.AddPlot(html, dir, "morph_c12", ScorePlots.Histogram([], c12), "c12 of the selected pairs (drawn as one distribution)");
        AuditCommon.Provenance(html, "[paper] MinMax-MMPMR, ProdAvg-MMPMR and RMMR are Scherhag et al. (BIOSIG 2017); morphs by template inversion follow Colbois et al. (IJCB 2023). [ours] The optimal-morph derivation sqrt((1 + c12) / 2) and ideal MMPMR, pair selection and the s >= τ convention (AUDIT.md 4). FMMPMR is not computed.");
        html.Save(Path.Combine(dir, "report.html"));
        ctx.Out.Write(TextTable.Format(table.Header, table.Rows));
    }
}
