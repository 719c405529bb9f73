using System.Globalization;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Protocols;
using FaceSynth.Protocols.Ijb;
using FaceSynth.Reports;
using FaceSynth.Reports.Html;
using FaceSynth.Reports.Plots;
using FaceSynth.Reports.Scores;

namespace FaceSynth.Cli.Commands.Eval;

/// <summary>Summary, console tables and HTML report of <c>eval ijb</c>.</summary>
internal static class EvalIjbOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>insightface's cell: <c>"%.2f" % (100 * TAR)</c>.</summary>
    public static string TarText(double tar) => (100 * tar).ToString("F2", Inv);

    public static EvalIjbSummary Summarize(
        EvalIjbInputs inputs, string features, IjbTemplateOptions options, int images, int templates, IjbTemplatePairs pairs,
        IjbVerificationResult v, string? scoreFile, IjbIdentificationResult? id, double[] tableFpirs)
    {
        int genuine = pairs.Genuine.Count(g => g);
        var table = v.Table.Select(x => new EvalIjbTarAtFar(x.TargetFar, x.Far, x.Tar, x.Threshold, TarText(x.Tar))).ToArray();
        EvalIjbIdentification? one = null;
        if (id is not null)
        {
            // The table targets were appended after the grid in the one search.
            int grid = id.Fpirs.Length - tableFpirs.Length;
            var rows = tableFpirs.Select((f, i) => new EvalIjbTpir(f, id.Tpir[grid + i], [.. id.Thresholds.Select(th => th[grid + i])])).ToArray();
            one = new EvalIjbIdentification(
                inputs.Galleries, inputs.Probes, id.PerGallery.Count > 0 ? id.PerGallery[0].Mated.Length : 0,
                id.Top1, id.Top5, id.Top10, rows, id.Fpirs[..grid], id.Tpir[..grid]);
        }

        return new EvalIjbSummary(
            inputs.Target, inputs.MetaDir, features, options.UseNormScore, options.UseDetectorScore, images, templates,
            pairs.Genuine.Length, genuine, pairs.Genuine.Length - genuine, v.Auc, table, scoreFile, one);
    }

    public static ReportTable TarTable(EvalIjbSummary s) =>
        new(["TAR@FAR", .. s.TarAtFar.Select(x => ReportFormat.Target(x.TargetFar))],
            [[Path.GetFileNameWithoutExtension(s.Features), .. s.TarAtFar.Select(x => x.Text)]]);

    public static ReportTable IdentificationTable(EvalIjbIdentification id)
    {
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "top-1", TarText(id.Top1) },
            new[] { "top-5", TarText(id.Top5) },
            new[] { "top-10", TarText(id.Top10) },
        };
        rows.AddRange(id.TpirAtFpir.Select(t => (IReadOnlyList<string>)[$"TPIR at FPIR {ReportFormat.Target(t.Fpir)} (thresholds {string.Join(", ", t.Thresholds.Select(ReportFormat.Number))})", TarText(t.Tpir)]));
        return new ReportTable(["1:N (percent)", "value"], rows);
    }

    public static void Print(TextWriter o, EvalIjbSummary s)
    {
        var name = s.Target == "ijbb" ? "IJB-B" : "IJB-C";
        o.WriteLine($"{name} 1:1 verification: {s.Images} images, {s.Templates} templates, {s.Pairs} pairs ({s.Genuine} genuine, {s.Impostor} impostor)");
        o.WriteLine($"pooling: norm score {(s.UseNormScore ? "on" : "off")}, faceness {(s.UseDetectorScore ? "on" : "off")}");
        ScoreConsole.Write(o, TarTable(s));
        o.WriteLine(string.Create(Inv, $"AUC: {s.Auc:F6}"));
        if (s.Identification is { } id)
        {
            o.WriteLine();
            o.WriteLine($"{name} 1:N identification: {id.Probes} probe templates, galleries {string.Join(" + ", id.Galleries.Select(Path.GetFileName))}");
            ScoreConsole.Write(o, IdentificationTable(id));
        }
    }

    public static void WriteReport(CliContext ctx, string directory, EvalIjbSummary s, IjbVerificationResult v, string jsonText)
    {
        Directory.CreateDirectory(directory);
        var html = new HtmlReport($"FaceSynth {(s.Target == "ijbb" ? "IJB-B" : "IJB-C")} report");
        html.Section("1:1 template verification");
        html.KeyValues(
        [
            new("features", s.Features),
            new("templates / pairs", $"{s.Templates} / {s.Pairs} ({s.Genuine} genuine)"),
            new("AUC", ReportFormat.Fraction(s.Auc)),
        ]);
        var roc = new ErrorCurveSeries(Path.GetFileNameWithoutExtension(s.Features), v.Roc.Fpr, [.. v.Roc.Tpr.Select(t => 1 - t)]);
        ScoreReport.AddPlot(html, directory, "roc", ErrorPlots.Roc([roc]), "ROC of the template pairs (scikit-learn points)");
        ScoreReport.AddTable(html, TarTable(s), "TAR (%) at FAR, insightface's nearest-FPR reading");
        if (s.Identification is { } id)
        {
            html.Section("1:N identification");
            var x = id.FpirGrid.Select(Math.Log10).ToArray();
            ScoreReport.AddPlot(html, directory, "tpir", ScorePlots.Lines([new LineSeries("TPIR (mean over galleries)", x, id.TpirGrid)], "log10 FPIR", "TPIR"), "TPIR against FPIR");
            ScoreReport.AddTable(html, IdentificationTable(id));
        }

        AtomicFile.WriteAllText(Path.Combine(directory, "summary.json"), jsonText + "\n");
        var page = Path.Combine(directory, "report.html");
        html.Save(page);
        ctx.Err.WriteLine($"wrote {page}");
    }
}

/// <summary>The <c>eval ijb</c> result as written to JSON.</summary>
/// <param name="Target">ijbb or ijbc.</param>
/// <param name="Meta">Meta folder.</param>
/// <param name="Features">Image feature file.</param>
/// <param name="UseNormScore">Image norms kept as weights.</param>
/// <param name="UseDetectorScore">Faceness weighting.</param>
/// <param name="Images">Images.</param>
/// <param name="Templates">Templates built.</param>
/// <param name="Pairs">Template pairs.</param>
/// <param name="Genuine">Genuine pairs.</param>
/// <param name="Impostor">Impostor pairs.</param>
/// <param name="Auc">Area under the scikit-learn ROC.</param>
/// <param name="TarAtFar">TAR at FAR 1e-6 .. 1e-1.</param>
/// <param name="ScoresFile">Where the pair scores were written, or null.</param>
/// <param name="Identification">1:N result, or null.</param>
internal sealed record EvalIjbSummary(
    string Target, string Meta, string Features, bool UseNormScore, bool UseDetectorScore, int Images, int Templates,
    int Pairs, int Genuine, int Impostor, double Auc, IReadOnlyList<EvalIjbTarAtFar> TarAtFar, string? ScoresFile,
    EvalIjbIdentification? Identification);

/// <summary>One TAR@FAR cell.</summary>
/// <param name="TargetFar">Target FAR.</param>
/// <param name="Far">FPR of the ROC point read (nearest to the target; may lie above it).</param>
/// <param name="Tar">TPR of that point.</param>
/// <param name="Threshold">Score threshold of that point (+inf written as null).</param>
/// <param name="Text">insightface's printout, "%.2f" of 100 TAR.</param>
internal sealed record EvalIjbTarAtFar(double TargetFar, double Far, double Tar, double Threshold, string Text);

/// <summary>The 1:N part.</summary>
/// <param name="Galleries">Gallery lists.</param>
/// <param name="ProbeList">Probe list.</param>
/// <param name="Probes">Probe templates.</param>
/// <param name="Top1">Rank-1 accuracy over all probes.</param>
/// <param name="Top5">Rank-5 accuracy.</param>
/// <param name="Top10">Rank-10 accuracy.</param>
/// <param name="TpirAtFpir">TPIR at the requested FPIR targets.</param>
/// <param name="FpirGrid">The 1e-4 .. 1 FPIR grid.</param>
/// <param name="TpirGrid">Mean TPIR at each grid point.</param>
internal sealed record EvalIjbIdentification(
    IReadOnlyList<string> Galleries, string ProbeList, int Probes, double Top1, double Top5, double Top10,
    IReadOnlyList<EvalIjbTpir> TpirAtFpir, double[] FpirGrid, double[] TpirGrid);

/// <summary>TPIR at one FPIR.</summary>
/// <param name="Fpir">Target FPIR.</param>
/// <param name="Tpir">Mean TPIR over the galleries.</param>
/// <param name="Thresholds">Score threshold in each gallery.</param>
internal sealed record EvalIjbTpir(double Fpir, double Tpir, double[] Thresholds);
