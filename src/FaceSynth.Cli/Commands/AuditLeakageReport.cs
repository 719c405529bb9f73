using System.Globalization;
using System.Text.Json.Nodes;
using FaceSynth.Audit;
using FaceSynth.Audit.Leakage;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;
using FaceSynth.Reports.Plots;
using FaceSynth.Reports.Scores;

namespace FaceSynth.Cli.Commands;

/// <summary>Writes the leakage outputs of AUDIT.md 1.6: JSON envelope, CSV tables, histogram, contact sheet, HTML.</summary>
internal static class AuditLeakageReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(CliContext ctx, string dir, AuditSet syn, AuditSet real, AuditSet? control, AuditSet? reference, LeakageOptions o, LeakageResult r)
    {
        Directory.CreateDirectory(dir);
        var warnings = r.Warnings.ToList();
        var env = new AuditEnvelope("leakage", o.Seed);
        env.AddInput("synthetic", syn.Source, syn.Rows, syn.Embeddings.Dim, syn.Model, dir);
        env.AddInput("real", real.Source, real.Rows, real.Embeddings.Dim, real.Model, dir);
        if (control is not null)
        {
            env.AddInput("control", control.Source, control.Rows, control.Embeddings.Dim, control.Model, dir);
        }

        if (reference is not null)
        {
            env.AddInput("reference", reference.Source, reference.Rows, reference.Embeddings.Dim, reference.Model, dir);
        }

        env.Parameters["k"] = o.K;
        env.Parameters["top_pairs"] = o.TopPairs;
        env.Parameters["contact_sheet_pairs"] = o.ContactSheetPairs;
        env.Parameters["min_samples_for_identity"] = o.MinSamplesForIdentity;
        env.Parameters["fmr"] = new JsonArray([.. r.Rates.Select(x => JsonValue.Create(x.Threshold.Fmr))]);
        env.Parameters["fmr_mode"] = o.Fmrs is null && o.Thresholds is null ? "auto" : "given";
        env.Parameters["max_pairs"] = o.MaxPairs;
        foreach (var rate in r.Rates)
        {
            env.AddThreshold(rate.Threshold);
        }

        var res = env.Results;
        res["synthetic_rows"] = r.SyntheticRows;
        res["real_rows"] = r.RealRows;
        res["control_rows"] = r.ControlRows;
        res["rates"] = new JsonArray([.. r.Rates.Select(Rate)]);
        res["top_pairs"] = new JsonArray([.. r.TopPairs.Select(p => (JsonNode)new JsonObject
        {
            ["synthetic"] = p.Synthetic,
            ["real"] = p.Real,
            ["score"] = p.Score,
            ["synthetic_subject"] = p.SyntheticSubject,
            ["real_subject"] = p.RealSubject,
            ["synthetic_path"] = p.SyntheticPath is null ? null : Rel(dir, p.SyntheticPath),
            ["real_path"] = p.RealPath is null ? null : Rel(dir, p.RealPath),
        })]);
        res["nn_score"] = Summary(r.NnScores, r.BestScores);
        res["control_nn_score"] = r.ControlBestScores is null ? null : Summary(r.ControlNnScores!, r.ControlBestScores);
        res["synthetic_identities"] = r.Identities.Count;
        res["real_subjects_top"] = new JsonArray([.. r.RealSubjects.Take(20).Select(s => (JsonNode)new JsonObject
        {
            ["subject"] = s.Subject,
            ["samples"] = new JsonArray([.. s.Samples.Select(v => JsonValue.Create(v))]),
            ["identities"] = new JsonArray([.. s.Identities.Select(v => JsonValue.Create(v))]),
        })]);

        WriteCsvs(dir, syn, real, r);
        var html = new HtmlReport("FaceSynth leakage audit");
        string? sheet = ContactSheet(dir, r, o, warnings);
        res["contact_sheet"] = sheet;
        env.AddWarnings(warnings);
        env.Write(dir);
        Html(ctx, dir, html, syn, real, control, r, warnings, sheet);
        Console(ctx, r);
    }

    private static JsonObject Rate(LeakageRate x) => new()
    {
        ["fmr"] = x.Threshold.Fmr,
        ["tau"] = AuditEnvelope.Num(x.Threshold.Tau),
        ["leaked_samples"] = x.Leaked,
        ["leak_rate"] = x.LeakRate,
        ["leak_rate_ci"] = new JsonArray(x.LeakRateCi.Lower, x.LeakRateCi.Upper),
        ["matched_pairs"] = x.MatchedPairs,
        ["expected_pairs_null"] = x.ExpectedPairsNull,
        ["expected_rate_null"] = x.ExpectedRateNull,
        ["control_rate"] = AuditEnvelope.Num(x.ControlRate),
        ["control_rate_ci"] = x.ControlRateCi is { } c ? new JsonArray(c.Lower, c.Upper) : null,
        ["flagged_identities"] = new JsonArray([.. x.FlaggedIdentities.Select(s => JsonValue.Create(s))]),
    };

    /// <summary>Statistics plus the histogram of AUDIT.md 1.3 (bins of 0.001 on [-1, 1], non-empty bins only).</summary>
    private static JsonObject Summary(ScoreSummary s, float[] values)
    {
        var counts = new SortedDictionary<int, int>();
        foreach (float v in values)
        {
            int b = Math.Clamp((int)Math.Floor((v + 1.0) / 0.001), 0, 1999);
            counts[b] = counts.GetValueOrDefault(b) + 1;
        }

        return new JsonObject
        {
            ["count"] = s.Count,
            ["mean"] = s.Mean,
            ["min"] = s.Min,
            ["p05"] = s.P05,
            ["median"] = s.Median,
            ["p95"] = s.P95,
            ["max"] = s.Max,
            ["histogram"] = new JsonObject
            {
                ["lo"] = -1.0,
                ["bin_width"] = 0.001,
                ["bins"] = new JsonArray([.. counts.Select(kv => (JsonNode)new JsonArray(kv.Key, kv.Value))]),
            },
        };
    }

    private static void WriteCsvs(string dir, AuditSet syn, AuditSet real, LeakageResult r)
    {
        var fmrs = r.Rates.Select(x => x.Threshold.Fmr.ToString("G3", Inv)).ToArray();
        var header = new List<string> { "row", "identity", "path", "nn_score", "real_row", "real_subject", "real_path" };
        for (int k = 1; k <= r.K; k++)
        {
            header.Add($"neighbour{k}");
            header.Add($"score{k}");
        }

        header.AddRange(fmrs.Select(f => $"accepted_fmr_{f}"));
        AuditCommon.WriteCsv(Path.Combine(dir, "leakage_samples.csv"), header, Enumerable.Range(0, r.SyntheticRows).Select(i =>
        {
            var row = new List<string>
            {
                i.ToString(Inv), syn.SubjectOf(i), syn.Paths is null ? "" : Rel(dir, syn.Paths[i]), AuditCommon.F(r.BestScores[i]),
                r.BestReal[i].ToString(Inv), r.BestReal[i] >= 0 ? real.SubjectOf(r.BestReal[i]) : "", real.Paths is null || r.BestReal[i] < 0 ? "" : Rel(dir, real.Paths[r.BestReal[i]]),
            };
            for (int k = 0; k < r.K; k++)
            {
                row.Add(r.NeighbourIndices[(i * r.K) + k].ToString(Inv));
                row.Add(AuditCommon.F(r.NeighbourScores[(i * r.K) + k]));
            }

            row.AddRange(r.Rates.Select(x => r.BestScores[i] >= x.Threshold.TauFloat ? "1" : "0"));
            return row;
        }));

        AuditCommon.WriteCsv(Path.Combine(dir, "leakage_identities.csv"),
            ["identity", "samples", "max_nn_score", "mean_nn_score", .. fmrs.Select(f => $"above_fmr_{f}"), "modal_real_subject", "consistency", "mean_score_to_modal"],
            r.Identities.Select(x => (IEnumerable<string>)[x.Identity, x.Samples.ToString(Inv), AuditCommon.F(x.MaxScore), AuditCommon.F(x.MeanScore), .. x.AboveThreshold.Select(v => v.ToString(Inv)), x.ModalRealSubject, AuditCommon.F(x.Consistency), AuditCommon.F(x.MeanScoreToModal)]));

        AuditCommon.WriteCsv(Path.Combine(dir, "leakage_real_subjects.csv"),
            ["real_subject", .. fmrs.Select(f => $"samples_fmr_{f}"), .. fmrs.Select(f => $"identities_fmr_{f}")],
            r.RealSubjects.Select(x => (IEnumerable<string>)[x.Subject, .. x.Samples.Select(v => v.ToString(Inv)), .. x.Identities.Select(v => v.ToString(Inv))]));
    }

    private static string? ContactSheet(string dir, LeakageResult r, LeakageOptions o, List<string> warnings)
    {
        if (r.TopPairs.Count == 0 || o.ContactSheetPairs <= 0)
        {
            return null;
        }

        if (r.TopPairs.Any(p => p.SyntheticPath is null || p.RealPath is null))
        {
            warnings.Add("contact sheet skipped: the synthetic and real metadata CSVs need a 'path' column");
            return null;
        }

        var pairs = r.TopPairs.Take(o.ContactSheetPairs).ToList();
        AtomicFile.WriteAllBytes(Path.Combine(dir, "contact_sheet.png"), AuditContactSheet.Render(pairs));
        AuditCommon.WriteCsv(Path.Combine(dir, "contact_sheet.csv"), ["rank", "caption", "subjects", "files"],
            pairs.Select((p, i) => (IEnumerable<string>)AuditContactSheet.Caption(i + 1, p).Prepend((i + 1).ToString(Inv))));
        return "contact_sheet.png";
    }

    private static void Html(CliContext ctx, string dir, HtmlReport html, AuditSet syn, AuditSet real, AuditSet? control, LeakageResult r, List<string> warnings, string? sheet)
    {
        html.Section("Inputs");
        html.KeyValues([
            new("synthetic", $"{syn.Source} ({syn.Rows} rows, d = {syn.Embeddings.Dim})"),
            new("real (generator training set)", $"{real.Source} ({real.Rows} rows)"),
            new("control", control is null ? "none" : $"{control.Source} ({control.Rows} rows)"),
        ]);
        AuditCommon.ThresholdTable(html, r.Rates.Select(x => x.Threshold).ToList());
        html.Section("Leak rates");
        html.Table(["target FMR", "leak rate (95% CI)", "null rate", "control rate", "matched pairs", "expected (null)", "flagged identities"],
            r.Rates.Select(x => (IReadOnlyList<string>)[
                ReportFormat.Target(x.Threshold.Fmr),
                $"{ReportFormat.Percent(x.LeakRate)} [{ReportFormat.Percent(x.LeakRateCi.Lower)}, {ReportFormat.Percent(x.LeakRateCi.Upper)}]",
                ReportFormat.Percent(x.ExpectedRateNull),
                double.IsNaN(x.ControlRate) ? "n/a" : ReportFormat.Percent(x.ControlRate),
                x.MatchedPairs.ToString(Inv), ReportFormat.Number(x.ExpectedPairsNull), x.FlaggedIdentities.Count.ToString(Inv)]));
        AuditCommon.Warn(ctx, html, warnings);
        var series = new List<LineSeries> { Density("synthetic vs real", r.BestScores) };
        if (r.ControlBestScores is not null)
        {
            series.Add(Density("synthetic vs control", r.ControlBestScores));
        }

        ScoreReport.AddPlot(html, dir, "nn_score_hist", ScorePlots.Lines(series, "best score m_i", "fraction of samples"), "Distribution of each synthetic sample's best real score");
        html.Section("Top pairs");
        html.Table(["rank", "synthetic row", "real row", "score", "synthetic identity", "real subject"],
            r.TopPairs.Take(50).Select((p, i) => (IReadOnlyList<string>)[(i + 1).ToString(Inv), p.Synthetic.ToString(Inv), p.Real.ToString(Inv), p.Score.ToString("F4", Inv), p.SyntheticSubject, p.RealSubject]));
        if (sheet is not null)
        {
            html.LinkedImage(sheet, "Contact sheet of the top pairs: synthetic (left) and real (right)");
        }

        html.Section("Real subjects most often matched");
        html.Table(["real subject", .. r.Rates.Select(x => $"samples @ {ReportFormat.Target(x.Threshold.Fmr)}")],
            r.RealSubjects.Take(20).Select(s => (IReadOnlyList<string>)[s.Subject, .. s.Samples.Select(v => v.ToString(Inv))]));
        AuditCommon.Provenance(html, "[paper] Otroshi Shahreza and Marcel (arXiv 2410.24015) compare synthetic images with the generator's training set in FR embedding space to expose leaked identities. [ours] Thresholds at FMR from a reference set, null expectations, control set, identity-level flags and this contact sheet are FaceSynth's protocol (AUDIT.md 1). The audit reports candidates; it does not decide membership: confirm leaks visually.");
        html.Save(Path.Combine(dir, "report.html"));
    }

    private static LineSeries Density(string label, float[] values)
    {
        float lo = values.Min(), hi = values.Max();
        if (hi <= lo)
        {
            hi = lo + 0.01f;
        }

        const int Bins = 80;
        double w = (hi - lo) / Bins;
        var y = new double[Bins];
        foreach (float v in values)
        {
            y[Math.Min(Bins - 1, (int)((v - lo) / w))] += 1.0 / values.Length;
        }

        return new LineSeries(label, Enumerable.Range(0, Bins).Select(b => lo + ((b + 0.5) * w)).ToArray(), y);
    }

    private static void Console(CliContext ctx, LeakageResult r)
    {
        var o = ctx.Out;
        o.WriteLine($"leakage: {r.SyntheticRows} synthetic x {r.RealRows} real rows");
        o.Write(TextTable.Format(["target FMR", "tau", "leak rate", "null rate", "control rate", "flagged identities"],
            r.Rates.Select(x => (IReadOnlyList<string>)[ReportFormat.Target(x.Threshold.Fmr), x.Threshold.Tau.ToString("F4", Inv), ReportFormat.Percent(x.LeakRate), ReportFormat.Percent(x.ExpectedRateNull), double.IsNaN(x.ControlRate) ? "n/a" : ReportFormat.Percent(x.ControlRate), x.FlaggedIdentities.Count.ToString(Inv)]).ToList()));
        if (r.TopPairs.Count > 0)
        {
            o.WriteLine($"best pair: synthetic {r.TopPairs[0].Synthetic} / real {r.TopPairs[0].Real}, score {r.TopPairs[0].Score:F4}");
        }
    }

    private static string Rel(string dir, string path) => Path.GetRelativePath(Path.GetFullPath(dir), Path.GetFullPath(path)).Replace('\\', '/');
}
