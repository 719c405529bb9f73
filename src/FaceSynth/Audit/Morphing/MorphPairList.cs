namespace FaceSynth.Audit.Morphing;

/// <summary>One line of a pair list: two subject labels and the 1-based line they came from (for messages).</summary>
/// <param name="SubjectA">First subject (morph input 1).</param>
/// <param name="SubjectB">Second subject (morph input 2).</param>
/// <param name="Line">1-based line number in <see cref="MorphPairList.Source"/>.</param>
public sealed record MorphPairListEntry(string SubjectA, string SubjectB, int Line);

/// <summary>
/// An explicit list of subject pairs for <see cref="MorphSelection.List"/> (AUDIT.md 4.3): a CSV with a header
/// holding <c>subject_a</c> and <c>subject_b</c> (other columns are ignored, so a <c>morph_pairs.csv</c> of an
/// earlier run can be fed back). Subjects are checked against the dataset when pairs are selected.
/// </summary>
public sealed class MorphPairList
{
    /// <summary>Creates a list from entries already read (<paramref name="source"/> names them in messages).</summary>
    public MorphPairList(IReadOnlyList<MorphPairListEntry> entries, string source = "pair list")
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries;
        Source = source;
    }

    /// <summary>The pairs in file order.</summary>
    public IReadOnlyList<MorphPairListEntry> Entries { get; }

    /// <summary>The file (or description) the pairs came from.</summary>
    public string Source { get; }

    /// <summary>Reads <paramref name="csv"/>; blank lines are skipped, fields are trimmed.</summary>
    public static MorphPairList Read(string csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        if (!File.Exists(csv))
        {
            throw new FaceSynthDataException(csv, "pair list not found");
        }

        var lines = File.ReadAllLines(csv);
        int first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (first < 0)
        {
            throw FaceSynthDataException.AtLine(csv, 1, "empty pair list (expected a header with 'subject_a,subject_b')");
        }

        var header = lines[first].Split(',').Select(h => h.Trim()).ToArray();
        int ca = Array.FindIndex(header, h => string.Equals(h, "subject_a", StringComparison.OrdinalIgnoreCase));
        int cb = Array.FindIndex(header, h => string.Equals(h, "subject_b", StringComparison.OrdinalIgnoreCase));
        if (ca < 0 || cb < 0)
        {
            throw FaceSynthDataException.AtLine(csv, first + 1, $"expected a header with 'subject_a' and 'subject_b' columns (found: {lines[first].Trim()})");
        }

        var entries = new List<MorphPairListEntry>();
        for (int i = first + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var f = lines[i].Split(',');
            if (f.Length != header.Length)
            {
                throw FaceSynthDataException.AtLine(csv, i + 1, $"{f.Length} fields, the header has {header.Length}");
            }

            string a = f[ca].Trim(), b = f[cb].Trim();
            if (a.Length == 0 || b.Length == 0)
            {
                throw FaceSynthDataException.AtLine(csv, i + 1, "empty subject label");
            }

            entries.Add(new MorphPairListEntry(a, b, i + 1));
        }

        if (entries.Count == 0)
        {
            throw new FaceSynthDataException(csv, "the pair list has a header but no pairs");
        }

        return new MorphPairList(entries, csv);
    }
}
