namespace FaceSynth.Metrics.Fairness;

/// <summary>A fairness statistic, or NaN with the reason it is undefined (never floored silently).</summary>
/// <param name="Value">The value; NaN when undefined.</param>
/// <param name="Reason">Why the value is NaN; null when defined.</param>
public readonly record struct FairnessValue(double Value, string? Reason)
{
    /// <summary>True when the statistic has a value.</summary>
    public bool IsDefined => Reason is null;

    /// <summary>A defined value.</summary>
    public static FairnessValue Of(double value) => new(value, null);

    /// <summary>An undefined value with its reason.</summary>
    public static FairnessValue Undefined(string reason) => new(double.NaN, reason);

    /// <inheritdoc/>
    public override string ToString() => Reason is null ? Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : $"NaN ({Reason})";
}
