using ScottPlot;

namespace FaceSynth.Reports.Plots;

/// <summary>Shared styling and rendering of FaceSynth plots.</summary>
internal static class PlotStyle
{
    // Colour-blind-safe palette (Okabe-Ito) so that curves stay distinguishable for every reader.
    private static readonly Color[] Palette =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#D55E00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#000000"), Color.FromHex("#F0E442"),
    ];

    public static Color ColorAt(int i) => Palette[i % Palette.Length];

    public static Plot NewPlot(PlotOptions o, string xLabel, string yLabel)
    {
        var plt = new Plot();
        plt.XLabel(xLabel, o.AxisLabelFontSize);
        plt.YLabel(yLabel, o.AxisLabelFontSize);
        if (o.Title.Length > 0)
        {
            plt.Title(o.Title, o.AxisLabelFontSize + 2);
        }

        plt.Axes.Bottom.TickLabelStyle.FontSize = o.TickFontSize;
        plt.Axes.Left.TickLabelStyle.FontSize = o.TickFontSize;
        plt.Grid.MajorLineColor = Color.FromHex("#D0D0D0");
        return plt;
    }

    public static PlotImage Render(Plot plt, PlotOptions o)
    {
        var png = plt.GetImageBytes(o.Width, o.Height, ImageFormat.Png);
        var svg = plt.GetSvgXml(o.Width, o.Height);
        return new PlotImage(png, svg, o.Width, o.Height);
    }

    public static void AddLegend(Plot plt, Alignment where, int series)
    {
        if (series > 0)
        {
            plt.ShowLegend(where);
            plt.Legend.FontSize = 14;
        }
    }
}
