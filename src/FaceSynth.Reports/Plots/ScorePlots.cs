using ScottPlot;

namespace FaceSynth.Reports.Plots;

/// <summary>Score distribution plots and generic line plots.</summary>
public static class ScorePlots
{
    /// <summary>
    /// Histogram of genuine and impostor scores as probability densities on shared bins (NaN scores are skipped),
    /// with optional vertical threshold markers.
    /// </summary>
    public static PlotImage Histogram(ReadOnlySpan<double> genuine, ReadOnlySpan<double> impostor, IReadOnlyList<PlotMarker>? markers = null, int bins = 60, PlotOptions? options = null)
    {
        if (bins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(bins), "the number of bins must be at least 1");
        }

        var o = options ?? PlotOptions.Default;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        Extend(genuine, ref lo, ref hi);
        Extend(impostor, ref lo, ref hi);
        var plt = PlotStyle.NewPlot(o, "Score", "Density");
        if (double.IsFinite(lo))
        {
            if (hi <= lo)
            {
                hi = lo + 1;
            }

            var width = (hi - lo) / bins;
            AddDensity(plt, impostor, lo, width, bins, "impostor", 1);
            AddDensity(plt, genuine, lo, width, bins, "genuine", 0);
        }

        var mi = 2;
        foreach (var m in markers ?? [])
        {
            var v = plt.Add.VerticalLine(m.X);
            v.LegendText = m.Label;
            v.Color = PlotStyle.ColorAt(mi++);
            v.LinePattern = LinePattern.Dashed;
            v.LineWidth = 2;
        }

        plt.Axes.Margins(bottom: 0);
        PlotStyle.AddLegend(plt, Alignment.UpperLeft, 2);
        return PlotStyle.Render(plt, o);
    }

    /// <summary>A generic line plot (for example a CMC curve) with linear axes.</summary>
    public static PlotImage Lines(IReadOnlyList<LineSeries> series, string xLabel, string yLabel, PlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var o = options ?? PlotOptions.Default;
        var plt = PlotStyle.NewPlot(o, xLabel, yLabel);
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (s.X.Length != s.Y.Length)
            {
                throw new ArgumentException($"series '{s.Label}': {s.X.Length} x values but {s.Y.Length} y values");
            }

            var sc = plt.Add.Scatter(s.X, s.Y);
            sc.LegendText = s.Label;
            sc.LineWidth = 2.5f;
            sc.MarkerSize = s.X.Length <= 30 ? 6 : 0;
            sc.Color = PlotStyle.ColorAt(i);
        }

        PlotStyle.AddLegend(plt, Alignment.LowerRight, series.Count);
        return PlotStyle.Render(plt, o);
    }

    private static void Extend(ReadOnlySpan<double> v, ref double lo, ref double hi)
    {
        foreach (var x in v)
        {
            if (double.IsFinite(x))
            {
                lo = Math.Min(lo, x);
                hi = Math.Max(hi, x);
            }
        }
    }

    private static void AddDensity(Plot plt, ReadOnlySpan<double> values, double lo, double width, int bins, string label, int colour)
    {
        var counts = new double[bins];
        var n = 0;
        foreach (var x in values)
        {
            if (!double.IsFinite(x))
            {
                continue;
            }

            var b = (int)((x - lo) / width);
            counts[Math.Clamp(b, 0, bins - 1)]++;
            n++;
        }

        if (n == 0)
        {
            return;
        }

        var bars = new List<Bar>(bins);
        var color = PlotStyle.ColorAt(colour);
        for (var b = 0; b < bins; b++)
        {
            bars.Add(new Bar
            {
                Position = lo + ((b + 0.5) * width),
                Value = counts[b] / (n * width),
                Size = width,
                FillColor = color.WithAlpha(0.45),
                LineWidth = 0,
            });
        }

        var bp = plt.Add.Bars(bars);
        bp.LegendText = label;
    }
}
