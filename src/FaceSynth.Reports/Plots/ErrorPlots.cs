using System.Globalization;
using FaceSynth.Metrics;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace FaceSynth.Reports.Plots;

/// <summary>ROC and DET plots of verification error curves (PNG and SVG).</summary>
public static class ErrorPlots
{
    /// <summary>Smallest FMR shown on a log axis; lower rates are not drawn.</summary>
    public const double MinimumLogRate = 1e-8;

    private static readonly double[] DetTicks =
        [1e-5, 1e-4, 1e-3, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.98, 0.99];

    /// <summary>
    /// ROC: true accept rate (1 - FNMR) against FMR on a log10 axis. Points with FMR = 0 cannot be drawn on a
    /// log axis and are dropped; the axis starts at the smallest drawn FMR's decade.
    /// </summary>
    public static PlotImage Roc(IReadOnlyList<ErrorCurveSeries> series, PlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var o = options ?? PlotOptions.Default;
        var plt = PlotStyle.NewPlot(o, "False match rate (FMR, log scale)", "True accept rate (TAR = 1 - FNMR)");
        var minExp = 0;
        var minTar = 1.0;
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            CheckLengths(s);
            var xs = new List<double>();
            var ys = new List<double>();
            foreach (var k in CurveOrder(s))
            {
                var f = s.Fmr[k];
                if (f >= MinimumLogRate && f <= 1 && !double.IsNaN(s.Fnmr[k]))
                {
                    xs.Add(Math.Log10(f));
                    ys.Add(1 - s.Fnmr[k]);
                    minTar = Math.Min(minTar, 1 - s.Fnmr[k]);
                    minExp = Math.Min(minExp, (int)Math.Floor(Math.Log10(f)));
                }
            }

            AddLine(plt, xs, ys, s.Label, i);
        }

        minExp = Math.Min(minExp, -1);
        var ticks = new NumericManual();
        for (var e = minExp; e <= 0; e++)
        {
            ticks.AddMajor(e, RateLabel(Math.Pow(10, e)));
            if (e < 0)
            {
                for (var m = 2; m <= 9; m++)
                {
                    ticks.AddMinor(e + Math.Log10(m));
                }
            }
        }

        plt.Axes.Bottom.TickGenerator = ticks;
        // Zoom the TAR axis onto the drawn part: high-accuracy systems live in the top few percent.
        var bottom = Math.Max(0, Math.Floor((minTar - 0.02) * 10) / 10);
        plt.Axes.SetLimits(minExp, 0, bottom, 1 + ((1 - bottom) * 0.02));
        PlotStyle.AddLegend(plt, Alignment.LowerRight, series.Count);
        return PlotStyle.Render(plt, o);
    }

    /// <summary>
    /// DET: FNMR against FMR, both on normal-deviate (ppndf) axes labelled with probabilities in percent.
    /// </summary>
    public static PlotImage Det(IReadOnlyList<ErrorCurveSeries> series, PlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var o = options ?? PlotOptions.Default;
        var plt = PlotStyle.NewPlot(o, "False match rate (FMR, %)", "False non-match rate (FNMR, %)");
        double lowX = 0.01, lowY = 0.01;
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            CheckLengths(s);
            var xs = new List<double>();
            var ys = new List<double>();
            foreach (var k in CurveOrder(s))
            {
                double f = s.Fmr[k], g = s.Fnmr[k];
                if (double.IsNaN(f) || double.IsNaN(g))
                {
                    continue;
                }

                xs.Add(Ppndf.Compute(f));
                ys.Add(Ppndf.Compute(g));
                if (f > 0)
                {
                    lowX = Math.Min(lowX, f);
                }

                if (g > 0)
                {
                    lowY = Math.Min(lowY, g);
                }
            }

            AddLine(plt, xs, ys, s.Label, i);
        }

        // Show from a tick at or below the smallest non-zero rate (at least 1e-5) up to 60 %: the usual DET frame.
        lowX = DetTicks.Where(t => t <= Math.Max(lowX, 1e-5)).DefaultIfEmpty(1e-5).Max();
        lowY = DetTicks.Where(t => t <= Math.Max(lowY, 1e-5)).DefaultIfEmpty(1e-5).Max();
        plt.Axes.Bottom.TickGenerator = DetTickGenerator(lowX);
        plt.Axes.Left.TickGenerator = DetTickGenerator(lowY);
        plt.Axes.SetLimits(Ppndf.Compute(lowX), Ppndf.Compute(0.6), Ppndf.Compute(lowY), Ppndf.Compute(0.6));

        // EER line: FMR = FNMR.
        var diag = plt.Add.Line(Ppndf.Compute(1e-6), Ppndf.Compute(1e-6), Ppndf.Compute(0.99), Ppndf.Compute(0.99));
        diag.LineColor = Colors.Gray;
        diag.LinePattern = LinePattern.Dashed;
        diag.LineWidth = 1;
        PlotStyle.AddLegend(plt, Alignment.UpperRight, series.Count);
        return PlotStyle.Render(plt, o);
    }

    /// <summary>Formats a rate for a tick label: 0.001 .. 1 as decimals, smaller ones as 1e-k.</summary>
    public static string RateLabel(double rate) =>
        rate >= 1e-3 ? rate.ToString("0.###", CultureInfo.InvariantCulture) : rate.ToString("0e0", CultureInfo.InvariantCulture);

    /// <summary>Formats a probability as a DET tick label in percent (0.1 -> "10").</summary>
    public static string PercentLabel(double p) => (p * 100).ToString("0.####", CultureInfo.InvariantCulture);

    private static NumericManual DetTickGenerator(double low)
    {
        var g = new NumericManual();
        foreach (var t in DetTicks.Where(t => t >= low))
        {
            g.AddMajor(Ppndf.Compute(t), PercentLabel(t));
        }

        return g;
    }

    private static void AddLine(Plot plt, List<double> xs, List<double> ys, string label, int index)
    {
        if (xs.Count == 0)
        {
            return;
        }

        var sc = plt.Add.ScatterLine(xs.ToArray(), ys.ToArray());
        sc.LegendText = label;
        sc.LineWidth = 2.5f;
        sc.Color = PlotStyle.ColorAt(index);
    }

    private static void CheckLengths(ErrorCurveSeries s)
    {
        if (s.Fmr.Length != s.Fnmr.Length)
        {
            throw new ArgumentException($"curve '{s.Label}': {s.Fmr.Length} FMR values but {s.Fnmr.Length} FNMR values");
        }
    }

    // Draw points in FMR order (FNMR descending on ties) so that the line never folds back.
    private static int[] CurveOrder(ErrorCurveSeries s)
    {
        var idx = Enumerable.Range(0, s.Fmr.Length).ToArray();
        Array.Sort(idx, (a, b) => s.Fmr[a].CompareTo(s.Fmr[b]) is var c && c != 0 ? c : s.Fnmr[b].CompareTo(s.Fnmr[a]));
        return idx;
    }
}
