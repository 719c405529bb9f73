namespace FaceSynth.Llm;

/// <summary>The age groups of AUDIT.md 6.6: 0-19, 20-39, 40-59, 60+ (lower bound inclusive, upper exclusive).</summary>
public static class AgeGroups
{
    /// <summary>Group names with their bounds, youngest first.</summary>
    public static IReadOnlyList<(string Name, double Low, double High)> Bounds { get; } =
        [("0-19", 0, 20), ("20-39", 20, 40), ("40-59", 40, 60), ("60+", 60, double.PositiveInfinity)];

    /// <summary>The group of <paramref name="age"/> (19.5 is in 0-19), or null for a negative or non-finite age.</summary>
    public static string? Of(double age)
    {
        foreach (var (name, lo, hi) in Bounds)
        {
            if (age >= lo && age < hi)
            {
                return name;
            }
        }

        return null;
    }
}
