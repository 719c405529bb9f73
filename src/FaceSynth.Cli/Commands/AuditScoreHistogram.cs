using FaceSynth.Reports.Plots;
using ScottPlot;

namespace FaceSynth.Cli.Commands;

/// <summary>
/// Density histograms of any number of score distributions on shared bins, with dashed threshold lines
/// (ScorePlots.Histogram draws exactly two distributions; the inversion audit needs genuine, impostor and attacks).
/// </summary>
internal static class AuditScoreHistogram
{
    // Okabe-Ito, as the FaceSynth.Reports plots use, so audit figures match the other reports.
    private static readonly Color[] Palette =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#D55E00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#000000"), Color.FromHex("#F0E442"),
    ];

    /// <summary>Renders the histogram; non-finite scores are skipped, empty series are left out of the legend.</summary>
    public static PlotImage Render(IReadOnlyList<(string Label, double[] Scores)> series, IReadOnlyList<PlotMarker> markers, int bins = 60, PlotOptions? options = null)
    {
        var o = options ?? PlotOptions.Default;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var (_, scores) in series)
        {
            foreach (double x in scores)
            {
                if (double.IsFinite(x))
                {
                    lo = Math.Min(lo, x);
                    hi = Math.Max(hi, x);
                }
            }
        }

        foreach (var m in markers)
        {
            lo = Math.Min(lo, m.X);
            hi = Math.Max(hi, m.X);
        }

        var plt = new Plot();
        plt.XLabel("Score", o.AxisLabelFontSize);
        plt.YLabel("Density", o.AxisLabelFontSize);
        if (o.Title.Length > 0)
        {
            plt.Title(o.Title, o.AxisLabelFontSize + 2);
        }

        plt.Axes.Bottom.TickLabelStyle.FontSize = o.TickFontSize;
        plt.Axes.Left.TickLabelStyle.FontSize = o.TickFontSize;
        plt.Grid.MajorLineColor = Color.FromHex("#D0D0D0");
        int legend = 0;
        if (double.IsFinite(lo))
        {
            hi = hi > lo ? hi : lo + 1;
            double width = (hi - lo) / bins;
            for (int s = 0; s < series.Count; s++)
            {
                legend += AddDensity(plt, series[s].Scores, lo, width, bins, series[s].Label, Palette[s % Palette.Length]) ? 1 : 0;
            }
        }

        for (int i = 0; i < markers.Count; i++)
        {
            var v = plt.Add.VerticalLine(markers[i].X);
            v.LegendText = markers[i].Label;
            v.Color = Palette[(series.Count + i) % Palette.Length];
            v.LinePattern = LinePattern.Dashed;
            v.LineWidth = 2;
            legend++;
        }

        plt.Axes.Margins(bottom: 0);
        if (legend > 0)
        {
            plt.ShowLegend(Alignment.UpperLeft);
            plt.Legend.FontSize = 14;
        }

        return new PlotImage(plt.GetImageBytes(o.Width, o.Height, ImageFormat.Png), plt.GetSvgXml(o.Width, o.Height), o.Width, o.Height);
    }

    private static bool AddDensity(Plot plt, double[] values, double lo, double width, int bins, string label, Color color)
    {
        var counts = new double[bins];
        long n = 0;
        foreach (double x in values)
        {
            if (double.IsFinite(x))
            {
                counts[Math.Clamp((int)((x - lo) / width), 0, bins - 1)]++;
                n++;
            }
        }

        if (n == 0)
        {
            return false;
        }

        var bars = new List<Bar>(bins);
        for (int b = 0; b < bins; b++)
        {
            bars.Add(new Bar { Position = lo + ((b + 0.5) * width), Value = counts[b] / (n * width), Size = width, FillColor = color.WithAlpha(0.45), LineWidth = 0 });
        }

        plt.Add.Bars(bars).LegendText = label;
        return true;
    }
}
