using System.Globalization;

namespace FaceSynth.Llm;

/// <summary>A labelled (or unlabelled) image pair for verification.</summary>
/// <param name="Id">Item id (the CSV's <c>id</c> column or the row number).</param>
/// <param name="PathA">Image A.</param>
/// <param name="PathB">Image B.</param>
/// <param name="Genuine">True = same person, false = different, null = unknown.</param>
/// <param name="Attributes">Other CSV columns, for breakdowns.</param>
public sealed record VerificationPair(string Id, string PathA, string PathB, bool? Genuine, IReadOnlyDictionary<string, string>? Attributes = null);

/// <summary>One face image with optional ground truth.</summary>
/// <param name="Id">Item id.</param>
/// <param name="Path">Image file.</param>
/// <param name="Gender">True gender ("male"/"female") when known.</param>
/// <param name="Age">True age when known.</param>
/// <param name="Attributes">Other CSV columns, for breakdowns.</param>
public sealed record FaceItem(string Id, string Path, string? Gender, double? Age, IReadOnlyDictionary<string, string>? Attributes = null);

/// <summary>Reads pair and image lists (CSV with header; relative paths resolve against the CSV's folder or a root).</summary>
public static class LlmInputs
{
    /// <summary>Columns <c>path_a,path_b</c>, optional <c>label</c> (1/0, true/false, same/different, genuine/impostor) and <c>id</c>.</summary>
    public static IReadOnlyList<VerificationPair> ReadPairs(string csv, string? imageRoot = null)
    {
        var (header, rows) = Read(csv);
        int a = Col(csv, header, "path_a", true), b = Col(csv, header, "path_b", true);
        int label = Col(csv, header, "label", false), id = Col(csv, header, "id", false);
        string root = imageRoot ?? Path.GetDirectoryName(Path.GetFullPath(csv))!;
        var result = new List<VerificationPair>(rows.Count);
        foreach (var (line, f) in rows)
        {
            bool? genuine = label < 0 ? null : f[label].Trim().ToLowerInvariant() switch
            {
                "1" or "true" or "same" or "genuine" or "yes" => true,
                "0" or "false" or "different" or "impostor" or "no" => false,
                "" => null,
                var other => throw FaceSynthDataException.AtLine(csv, line, $"label '{other}' is not 1/0, true/false, same/different or genuine/impostor"),
            };
            result.Add(new VerificationPair(id < 0 ? (line - 1).ToString(CultureInfo.InvariantCulture) : f[id],
                Path.Combine(root, f[a]), Path.Combine(root, f[b]), genuine, Others(header, f, a, b, label, id)));
        }

        return result;
    }

    /// <summary>Column <c>path</c>, optional <c>gender</c>, <c>age</c>, <c>id</c>.</summary>
    public static IReadOnlyList<FaceItem> ReadImages(string csv, string? imageRoot = null)
    {
        var (header, rows) = Read(csv);
        int p = Col(csv, header, "path", true), g = Col(csv, header, "gender", false), age = Col(csv, header, "age", false), id = Col(csv, header, "id", false);
        string root = imageRoot ?? Path.GetDirectoryName(Path.GetFullPath(csv))!;
        var result = new List<FaceItem>(rows.Count);
        foreach (var (line, f) in rows)
        {
            string? gender = g < 0 || f[g].Length == 0 ? null : f[g].Trim().ToLowerInvariant() switch
            {
                "m" or "male" or "man" => "male",
                "f" or "female" or "woman" => "female",
                var other => throw FaceSynthDataException.AtLine(csv, line, $"gender '{other}' is not male/female (or m/f)"),
            };
            double? ageValue = null;
            if (age >= 0 && f[age].Length > 0)
            {
                ageValue = double.TryParse(f[age], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
                    ? v : throw FaceSynthDataException.AtLine(csv, line, $"age '{f[age]}' is not a number");
            }

            result.Add(new FaceItem(id < 0 ? (line - 1).ToString(CultureInfo.InvariantCulture) : f[id], Path.Combine(root, f[p]), gender, ageValue, Others(header, f, p, g, age, id)));
        }

        return result;
    }

    private static Dictionary<string, string> Others(string[] header, string[] f, params int[] used)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            if (!used.Contains(i))
            {
                d[header[i]] = f[i];
            }
        }

        return d;
    }

    private static int Col(string csv, string[] header, string name, bool required)
    {
        int i = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        if (i < 0 && required)
        {
            throw FaceSynthDataException.AtLine(csv, 1, $"missing column '{name}' (header: {string.Join(",", header)})");
        }

        return i;
    }

    private static (string[] Header, List<(long Line, string[] Fields)> Rows) Read(string csv)
    {
        if (!File.Exists(csv))
        {
            throw new FaceSynthDataException(csv, "file not found");
        }

        var lines = File.ReadAllLines(csv);
        if (lines.Length == 0 || lines[0].Trim().Length == 0)
        {
            throw FaceSynthDataException.AtLine(csv, 1, "empty file (a header line is expected)");
        }

        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        var rows = new List<(long, string[])>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var f = lines[i].Split(',').Select(x => x.Trim()).ToArray();
            if (f.Length != header.Length)
            {
                throw FaceSynthDataException.AtLine(csv, i + 1, $"{f.Length} fields, the header has {header.Length} (quoted commas are not supported)");
            }

            rows.Add((i + 1, f));
        }

        if (rows.Count == 0)
        {
            throw new FaceSynthDataException(csv, "no data rows");
        }

        return (header, rows);
    }
}
