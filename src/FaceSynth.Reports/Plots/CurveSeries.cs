namespace FaceSynth.Reports.Plots;

/// <summary>One labelled error-rate curve: FMR and FNMR at the same thresholds (rates in [0, 1]).</summary>
public sealed record ErrorCurveSeries(string Label, double[] Fmr, double[] Fnmr);

/// <summary>One labelled x/y line for generic plots (CMC curves, training statistics, ...).</summary>
public sealed record LineSeries(string Label, double[] X, double[] Y);

/// <summary>A labelled vertical marker line (for example a decision threshold).</summary>
public sealed record PlotMarker(string Label, double X);

/// <summary>Common plot settings.</summary>
public sealed record PlotOptions
{
    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 800;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 600;

    /// <summary>Title above the plot (empty: none).</summary>
    public string Title { get; init; } = string.Empty;

    /// <summary>Axis label font size in points.</summary>
    public float AxisLabelFontSize { get; init; } = 18;

    /// <summary>Tick label font size in points.</summary>
    public float TickFontSize { get; init; } = 14;

    /// <summary>Default settings (800 x 600).</summary>
    public static PlotOptions Default { get; } = new();
}
