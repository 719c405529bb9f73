using System.Globalization;

namespace FaceSynth.Llm;

/// <summary>A text table for reports: a header and rows of cells.</summary>
public sealed record LlmTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>Report tables of the age groups and the per-attribute breakdowns (rates with 4 decimals, n/a when undefined).</summary>
public static class LlmTables
{
    /// <summary>Verification per attribute value: pairs, genuine, impostor, coverage, accuracy, FMR, FNMR.</summary>
    public static LlmTable Verification(AttributeBreakdown<VerificationMetrics> breakdown)
    {
        ArgumentNullException.ThrowIfNull(breakdown);
        return new(["attribute", "value", "pairs", "genuine", "impostor", "answered", "coverage", "accuracy", "FMR", "FNMR", "FTA_G", "FTA_I"],
            breakdown.Buckets.Select(b => Row(b.Attribute, b.Value, Int(b.Items), Int(b.Metrics.Genuine), Int(b.Metrics.Impostor), Int(b.Metrics.Answered),
                Num(b.Metrics.Coverage), Num(b.Metrics.Accuracy), Num(b.Metrics.Fmr), Num(b.Metrics.Fnmr), Num(b.Metrics.FtaGenuine), Num(b.Metrics.FtaImpostor))).ToList());
    }

    /// <summary>Gender per attribute value: images, answered, coverage, accuracy, balanced accuracy, recall per class.</summary>
    public static LlmTable Gender(AttributeBreakdown<GenderMetrics> breakdown)
    {
        ArgumentNullException.ThrowIfNull(breakdown);
        return new(["attribute", "value", "images", "labelled", "answered", "coverage", "accuracy", "balanced accuracy", "recall female", "recall male"],
            breakdown.Buckets.Select(b => Row(b.Attribute, b.Value, Int(b.Items), Int(b.Metrics.Total), Int(b.Metrics.Answered), Num(b.Metrics.Coverage),
                Num(b.Metrics.Accuracy), Num(b.Metrics.BalancedAccuracy), Num(b.Metrics.Recall.GetValueOrDefault("female", double.NaN)),
                Num(b.Metrics.Recall.GetValueOrDefault("male", double.NaN)))).ToList());
    }

    /// <summary>Age per attribute value: images, answered, coverage, MAE, CS@5, range hit rate.</summary>
    public static LlmTable Age(AttributeBreakdown<AgeMetrics> breakdown)
    {
        ArgumentNullException.ThrowIfNull(breakdown);
        return new(["attribute", "value", "images", "labelled", "answered", "coverage", "MAE", "CS@5", "range hit rate", "with range"],
            breakdown.Buckets.Select(b => (IReadOnlyList<string>)[b.Attribute, b.Value, Int(b.Items), .. AgeCells(b.Metrics)]).ToList());
    }

    /// <summary>Age metrics per age group (the rows of <see cref="LlmMetrics.Age"/>).</summary>
    public static LlmTable AgeGroupsTable(IReadOnlyList<AgeMetrics> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return new(["age group", "labelled", "answered", "coverage", "MAE", "CS@5", "range hit rate", "with range"],
            groups.Select(g => (IReadOnlyList<string>)[g.Group, .. AgeCells(g)]).ToList());
    }

    private static string[] AgeCells(AgeMetrics m) =>
        [Int(m.Total), Int(m.Answered), Num(m.Coverage), Num(m.Mae), Num(m.Cs5), Num(m.RangeHitRate), Int(m.WithRange)];

    private static IReadOnlyList<string> Row(params string[] cells) => cells;

    private static string Int(int x) => x.ToString(CultureInfo.InvariantCulture);

    private static string Num(double x) => double.IsFinite(x) ? x.ToString("F4", CultureInfo.InvariantCulture) : "n/a";
}
