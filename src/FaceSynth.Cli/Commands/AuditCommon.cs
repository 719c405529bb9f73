using System.CommandLine;
using System.Globalization;
using System.Text;
using FaceSynth.Audit;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;

namespace FaceSynth.Cli.Commands;

/// <summary>Options and output helpers shared by the audit commands.</summary>
internal static class AuditCommon
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Option<DirectoryInfo> OutOption() => new("--out") { Description = "Output folder (JSON, CSV, PNG, report.html)", Required = true };

    public static Option<ulong> SeedOption() => new("--seed") { Description = "Seed of every random draw", DefaultValueFactory = _ => 7 };

    public static Option<string> SubjectColumnOption() => new("--subject-column") { Description = "Metadata CSV column with the subject label", DefaultValueFactory = _ => "subject" };

    public static Option<string?> FmrOption(string defaults) => new("--fmr") { Description = $"FMR targets, comma separated (default {defaults})" };

    /// <summary>Parses "1e-2,1e-3"; null/empty gives <paramref name="defaults"/>.</summary>
    public static double[]? ParseFmrs(string? text, double[]? defaults)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "auto")
        {
            return defaults;
        }

        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, Inv, out result[i]) || !(result[i] >= 0 && result[i] < 1))
            {
                throw new CliUsageException($"--fmr: '{parts[i]}' is not a rate in [0, 1)");
            }
        }

        return result;
    }

    public static string F(double x) => double.IsFinite(x) ? x.ToString("R", Inv) : "";

    public static string Pct(double x) => ReportFormat.Percent(x);

    /// <summary>Writes a CSV atomically (values are already formatted; commas in text are replaced).</summary>
    public static void WriteCsv(string path, IReadOnlyList<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        AtomicFile.WriteText(path, w =>
        {
            w.NewLine = "\n";
            w.WriteLine(string.Join(',', header));
            foreach (var r in rows)
            {
                w.WriteLine(string.Join(',', r.Select(Clean)));
            }
        });
    }

    private static string Clean(string? s) => (s ?? "").Replace(',', ';').Replace('\n', ' ');

    public static HtmlReport ThresholdTable(HtmlReport html, IReadOnlyList<FmrThreshold> thresholds)
    {
        html.Table(
            ["target FMR", "τ", "achieved FMR", "impostor scores", "resolution", "TMR"],
            thresholds.Select(t => (IReadOnlyList<string>)[ReportFormat.Target(t.Fmr), t.Tau.ToString("F6", Inv), ReportFormat.Number(t.AchievedFmr), t.ImpostorScores.ToString(Inv), t.Resolved ? "resolved" : "low resolution", double.IsNaN(t.Tmr) ? "n/a" : ReportFormat.Fraction(t.Tmr)]),
            "Thresholds on the reference set's impostor scores (AUDIT.md 0.2)");
        return html;
    }

    public static void Provenance(HtmlReport html, string text)
    {
        html.Subsection("Provenance");
        html.Paragraph(text);
    }

    public static void Warn(CliContext ctx, HtmlReport html, IEnumerable<string> warnings)
    {
        foreach (var w in warnings)
        {
            ctx.Warn(w);
            html.Notice(w);
        }
    }

    public static string Describe(IEnumerable<KeyValuePair<string, string>> items)
    {
        var sb = new StringBuilder();
        foreach (var kv in items)
        {
            sb.Append(kv.Key).Append(": ").Append(kv.Value).Append('\n');
        }

        return sb.ToString();
    }
}
