using System.Globalization;

namespace FaceSynth.Llm;

/// <summary>The task's metrics over the items sharing one value of one attribute.</summary>
/// <param name="Attribute">Attribute name (a CSV column, or <c>x</c> for a <c>x_a</c>/<c>x_b</c> pair of columns).</param>
/// <param name="Value">The value (age values as their group; <c>mixed</c> and <c>unknown</c> as documented).</param>
/// <param name="Items">Items (pairs or images) with this value, labelled or not.</param>
/// <param name="Metrics">The task's metrics over these items.</param>
public sealed record AttributeBucket<TMetrics>(string Attribute, string Value, int Items, TMetrics Metrics);

/// <summary>An attribute left out of the breakdown, and why.</summary>
public sealed record SkippedAttribute(string Attribute, int DistinctValues, string Reason);

/// <summary>Per-attribute breakdown of one task's metrics (AUDIT.md 6.6).</summary>
public sealed record AttributeBreakdown<TMetrics>(IReadOnlyList<AttributeBucket<TMetrics>> Buckets, IReadOnlyList<SkippedAttribute> Skipped);

/// <summary>
/// Per-attribute breakdowns (AUDIT.md 6.6, docs/llm.md). Attributes are the CSV columns beyond the required
/// ones. Pairs: columns <c>x_a</c> and <c>x_b</c> form attribute <c>x</c>; a pair falls in value v when both
/// images have v, in <see cref="Mixed"/> when they differ and in <see cref="Unknown"/> when either is empty;
/// any other column is a pair-level attribute. Images: every extra column, plus <c>age</c> (as its group) for
/// the gender task and <c>gender</c> for the age task. An attribute named <c>age</c> with numeric values is
/// bucketed into <see cref="AgeGroups"/>. Attributes with more than <see cref="MaxValues"/> values are skipped.
/// </summary>
public static class LlmBreakdowns
{
    /// <summary>Bucket of pairs whose two images have different values.</summary>
    public const string Mixed = "mixed";

    /// <summary>Bucket of items with an empty value (or a negative age).</summary>
    public const string Unknown = "unknown";

    /// <summary>Attributes with more distinct values than this (ids, file names) are skipped.</summary>
    public const int MaxValues = 50;

    /// <summary>Verification metrics per attribute value.</summary>
    public static AttributeBreakdown<VerificationMetrics> Verification(IReadOnlyList<LlmRecord> records, IReadOnlyList<VerificationPair> pairs, MissingConfidencePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return Build(records, pairs, PairAttributes(pairs), (r, p) => LlmMetrics.Verification(r, p, policy));
    }

    /// <summary>Gender metrics per attribute value.</summary>
    public static AttributeBreakdown<GenderMetrics> Gender(IReadOnlyList<LlmRecord> records, IReadOnlyList<FaceItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Build(records, items, ImageAttributes(items, LlmTask.Gender), LlmMetrics.Gender);
    }

    /// <summary>Age metrics (all ages of the bucket) per attribute value.</summary>
    public static AttributeBreakdown<AgeMetrics> Age(IReadOnlyList<LlmRecord> records, IReadOnlyList<FaceItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Build(records, items, ImageAttributes(items, LlmTask.Age), (r, i) => LlmMetrics.Age(r, i)[0]);
    }

    /// <summary>Each pair attribute with the bucket value of every pair, in column order.</summary>
    public static IReadOnlyList<(string Attribute, string[] Values)> PairAttributes(IReadOnlyList<VerificationPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var result = new List<(string, string[])>();
        if (pairs.Count == 0 || pairs[0].Attributes is not { } first)
        {
            return result;
        }

        var columns = first.Keys.ToList();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var col in columns)
        {
            if (used.Contains(col))
            {
                continue;
            }

            string? partner = null;
            if (col.EndsWith("_a", StringComparison.OrdinalIgnoreCase))
            {
                partner = columns.FirstOrDefault(c => c.Length == col.Length && c.EndsWith("_b", StringComparison.OrdinalIgnoreCase)
                    && string.Equals(c[..^2], col[..^2], StringComparison.OrdinalIgnoreCase));
            }

            if (partner is null)
            {
                used.Add(col);
                result.Add((col, pairs.Select(p => Normalize(col, Get(p.Attributes, col))).ToArray()));
                continue;
            }

            used.Add(col);
            used.Add(partner);
            string name = col[..^2];
            result.Add((name, pairs.Select(p =>
            {
                string a = Normalize(name, Get(p.Attributes, col)), b = Normalize(name, Get(p.Attributes, partner));
                return a == Unknown || b == Unknown ? Unknown : a == b ? a : Mixed;
            }).ToArray()));
        }

        return result;
    }

    /// <summary>Each image attribute of <paramref name="task"/> with the bucket value of every image.</summary>
    public static IReadOnlyList<(string Attribute, string[] Values)> ImageAttributes(IReadOnlyList<FaceItem> items, LlmTask task)
    {
        ArgumentNullException.ThrowIfNull(items);
        var result = new List<(string, string[])>();
        if (items.Count == 0)
        {
            return result;
        }

        if (task == LlmTask.Gender && items.Any(i => i.Age is not null))
        {
            result.Add(("age", items.Select(i => i.Age is { } a ? AgeGroups.Of(a) ?? Unknown : Unknown).ToArray()));
        }

        if (task == LlmTask.Age && items.Any(i => i.Gender is not null))
        {
            result.Add(("gender", items.Select(i => i.Gender ?? Unknown).ToArray()));
        }

        foreach (var col in items[0].Attributes?.Keys ?? Enumerable.Empty<string>())
        {
            result.Add((col, items.Select(i => Normalize(col, Get(i.Attributes, col))).ToArray()));
        }

        return result;
    }

    private static AttributeBreakdown<TMetrics> Build<TItem, TMetrics>(IReadOnlyList<LlmRecord> records, IReadOnlyList<TItem> items,
        IReadOnlyList<(string Attribute, string[] Values)> attributes, Func<IReadOnlyList<LlmRecord>, IReadOnlyList<TItem>, TMetrics> metrics)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count != items.Count)
        {
            throw new ArgumentException("one record per item is required");
        }

        var buckets = new List<AttributeBucket<TMetrics>>();
        var skipped = new List<SkippedAttribute>();
        foreach (var (attribute, values) in attributes)
        {
            var groups = Enumerable.Range(0, values.Length).GroupBy(i => values[i], StringComparer.Ordinal).ToList();
            if (groups.Count > MaxValues)
            {
                skipped.Add(new SkippedAttribute(attribute, groups.Count, $"more than {MaxValues} distinct values (an id or a file name?)"));
                continue;
            }

            foreach (var g in groups.OrderBy(g => Rank(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                var idx = g.ToArray();
                buckets.Add(new AttributeBucket<TMetrics>(attribute, g.Key, idx.Length,
                    metrics(idx.Select(i => records[i]).ToArray(), idx.Select(i => items[i]).ToArray())));
            }
        }

        return new AttributeBreakdown<TMetrics>(buckets, skipped);
    }

    // Real values first (ordinal, which also orders the age groups), then mixed, then unknown.
    private static int Rank(string value) => value == Mixed ? 1 : value == Unknown ? 2 : 0;

    private static string Get(IReadOnlyDictionary<string, string>? attributes, string column) =>
        attributes is not null && attributes.TryGetValue(column, out var v) ? v : "";

    private static string Normalize(string attribute, string raw)
    {
        string v = raw.Trim();
        if (v.Length == 0)
        {
            return Unknown;
        }

        if (string.Equals(attribute, "age", StringComparison.OrdinalIgnoreCase)
            && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double age))
        {
            return AgeGroups.Of(age) ?? Unknown;
        }

        return v;
    }
}
