using FaceSynth.Metrics;
using FaceSynth.Metrics.Fairness;
using FaceSynth.Protocols;
using FaceSynth.Reports.Html;
using FaceSynth.Reports.Plots;

namespace FaceSynth.Reports.Scores;

/// <summary>A labelled, NaN-free score set to draw as one ROC/DET curve.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="Scores">The sorted scores.</param>
public sealed record ScoreCurveInput(string Label, SortedScores Scores);

/// <summary>Adds the plots and tables of a verification score evaluation to an <see cref="HtmlReport"/>.</summary>
public static class ScoreReport
{
    /// <summary>Points of each drawn ROC/DET curve (bob's <c>roc</c> thresholds).</summary>
    public const int CurvePoints = 200;

    /// <summary>
    /// Writes ROC, DET and score-histogram plots (PNG and SVG, <c>&lt;prefix&gt;roc.png</c> ...) into
    /// <paramref name="directory"/> and appends a section with them and the result tables to <paramref name="html"/>.
    /// Returns the file names written (relative to <paramref name="directory"/>).
    /// </summary>
    public static IReadOnlyList<string> AddSection(
        HtmlReport html, string directory, string filePrefix, string heading, ScoreEvaluationResult result,
        IReadOnlyList<ScoreCurveInput> curves, SortedScores histogram, DemographicReport? groups = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(curves);
        ArgumentNullException.ThrowIfNull(histogram);
        var files = new List<string>();
        var series = curves.Select(c => Curve(c.Label, c.Scores)).ToList();

        html.Section(heading);
        html.Paragraph(ScoreTables.Headline(result));
        html.BeginRow();
        files.AddRange(AddPlot(html, directory, filePrefix + "roc", ErrorPlots.Roc(series), "ROC: true accept rate against false match rate (log scale)"));
        files.AddRange(AddPlot(html, directory, filePrefix + "det", ErrorPlots.Det(series), "DET: FNMR against FMR on normal-deviate axes"));
        html.EndRow();

        html.Subsection("Operating points");
        AddTable(html, ScoreTables.OperatingPoints(result));
        html.Subsection("True accept rate at fixed false match rates");
        AddTable(html, ScoreTables.TarAtFmr(result));
        AddTable(html, ScoreTables.Auc(result));
        html.Subsection(ScoreTables.DecisionHeadline(result.Decision));
        AddTable(html, ScoreTables.Decision(result.Decision));
        if (result.Pyeer is { } p)
        {
            html.Subsection("pyeer (FVC2000 conventions)");
            AddTable(html, ScoreTables.Pyeer(p));
        }

        var markers = new List<PlotMarker>
        {
            new($"EER threshold {ReportFormat.Number(result.Eer.Threshold)}", result.Eer.Threshold),
        };
        if (result.Decision.Threshold != result.Eer.Threshold && double.IsFinite(result.Decision.Threshold))
        {
            markers.Add(new PlotMarker($"decision threshold {ReportFormat.Number(result.Decision.Threshold)}", result.Decision.Threshold));
        }

        html.Subsection("Score distributions");
        files.AddRange(AddPlot(html, directory, filePrefix + "scores", ScorePlots.Histogram(histogram.Positives, histogram.Negatives, markers), "Genuine and impostor score densities"));

        if (groups is not null)
        {
            html.Subsection("Demographic differentials");
            html.Paragraph($"Global threshold {ReportFormat.Number(groups.Threshold)}: {groups.ThresholdRule}. Within-group impostors only; Clopper-Pearson intervals at alpha {ReportFormat.Number(groups.ConfidenceAlpha)}.");
            AddTable(html, ScoreTables.Groups(groups));
            AddTable(html, ScoreTables.Fairness(groups.Summary));
        }

        return files;
    }

    /// <summary>The ROC points of <paramref name="scores"/> as a plot series.</summary>
    public static ErrorCurveSeries Curve(string label, SortedScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var roc = scores.Roc(CurvePoints);
        return new ErrorCurveSeries(label, roc.Fmr, roc.Fnmr);
    }

    /// <summary>Adds a <see cref="ReportTable"/> to the page.</summary>
    public static void AddTable(HtmlReport html, ReportTable table, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(table);
        html.Table(table.Header, table.Rows, caption);
    }

    /// <summary>Saves <paramref name="image"/> as PNG and SVG and shows the PNG with a link to the SVG.</summary>
    public static IReadOnlyList<string> AddPlot(HtmlReport html, string directory, string baseName, PlotImage image, string caption)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(image);
        var (png, svg) = image.Save(directory, baseName);
        html.LinkedImage(png, caption, image.Width / 2, alternateLink: svg);
        return [png, svg];
    }
}
