using System.Globalization;
using System.Text.Json;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;
using FaceSynth.Reports.Plots;
using FaceSynth.Reports.Scores;

namespace FaceSynth.Cli.Commands.Eval;

/// <summary>Console table, JSON and HTML report of <c>eval pairs</c>.</summary>
internal static class EvalPairsOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Print(TextWriter o, EvalPairsRun run)
    {
        var r = run.Result;
        var dropped = r.DroppedNaN > 0 ? $" ({r.DroppedNaN} NaN scores dropped)" : string.Empty;
        o.WriteLine($"{r.PairCount} pairs{dropped}, {r.FoldSizes.Length} folds");
        o.WriteLine($"Accuracy: {r.FormatAccuracy()}");
        if (r.Val is { } v)
        {
            o.WriteLine(string.Create(Inv, $"VAL@FAR={ReportFormat.Target(v.FarTarget)}: {v.MeanVal:F5}+-{v.StdVal:F5} (mean FAR {v.MeanFar:F5})"));
        }

        o.WriteLine();
        ScoreConsole.Write(o, FoldTable(run));
    }

    public static ReportTable FoldTable(EvalPairsRun run)
    {
        var r = run.Result;
        var header = new List<string> { "fold", "pairs", "accuracy", "best threshold (distance)" };
        if (r.Val is not null)
        {
            header.AddRange(["VAL", "FAR", "VAL threshold"]);
        }

        var rows = new List<IReadOnlyList<string>>();
        for (int f = 0; f < r.FoldAccuracies.Length; f++)
        {
            var row = new List<string>
            {
                (f + 1).ToString(Inv), ReportFormat.Count(r.FoldSizes[f]), r.FoldAccuracies[f].ToString("F5", Inv), ReportFormat.Number(r.BestThresholds[f]),
            };
            if (r.Val is { } v)
            {
                row.AddRange([v.FoldVal[f].ToString("F5", Inv), v.FoldFar[f].ToString("F5", Inv), ReportFormat.Number(v.FoldThresholds[f])]);
            }

            rows.Add(row);
        }

        return new ReportTable(header, rows);
    }

    /// <summary>The result as JSON: every field of <c>PairsKFoldResult</c>, the inputs and insightface's accuracy text.</summary>
    public static string Json(EvalPairsRun run)
    {
        var node = JsonSerializer.SerializeToNode(run.Result, ReportJson.Options)!.AsObject();
        // The default naming turns DroppedNaN into "dropped_na_n".
        node.Remove("dropped_na_n");
        node["dropped_nan"] = run.Result.DroppedNaN;
        node["accuracy_text"] = run.Result.FormatAccuracy();
        node["folds"] = run.Result.FoldSizes.Length;
        node["embeddings"] = run.Embeddings;
        node["pairs"] = run.Pairs;
        node["scores"] = run.Scores;
        node["normalized"] = run.Normalized;
        return node.ToJsonString(ReportJson.Options);
    }

    public static void WriteReport(CliContext ctx, string directory, EvalPairsRun run, string jsonText)
    {
        var r = run.Result;
        Directory.CreateDirectory(directory);
        var html = new HtmlReport("FaceSynth pair protocol report");
        html.Section("10-fold verification (insightface protocol)");
        html.KeyValues(
        [
            new("input", run.Scores ?? $"{run.Embeddings} with {run.Pairs}"),
            new("pairs", ReportFormat.Count(r.PairCount)),
            new("accuracy", r.FormatAccuracy()),
            new("VAL@FAR", r.Val is { } v ? string.Create(Inv, $"{v.MeanVal:F5}+-{v.StdVal:F5} at FAR {ReportFormat.Target(v.FarTarget)}") : "not computed"),
        ]);
        var roc = new ErrorCurveSeries("mean over test folds", r.MeanFpr, [.. r.MeanTpr.Select(t => 1 - t)]);
        ScoreReport.AddPlot(html, directory, "roc", ErrorPlots.Roc([roc]), "Mean ROC over the test folds (400 distance thresholds)");
        ScoreReport.AddTable(html, FoldTable(run), "Per fold: test accuracy at the best training threshold");
        AtomicFile.WriteAllText(Path.Combine(directory, "summary.json"), jsonText + "\n");
        var page = Path.Combine(directory, "report.html");
        html.Save(page);
        ctx.Err.WriteLine($"wrote {page}");
    }
}
