using System.Globalization;
using FaceSynth.Embeddings;

namespace FaceSynth.Audit;

/// <summary>
/// An embedding set (AUDIT.md 0.1): N x d rows, a subject per row (null = every row its own subject),
/// optional image paths and attributes, the source file and the FR model id when known.
/// </summary>
public sealed class AuditSet
{
    /// <summary>Creates a set; arrays must have one entry per row.</summary>
    public AuditSet(EmbeddingMatrix embeddings, string[]? subjects = null, string[]? paths = null, string source = "embeddings", string? model = null)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (subjects is not null && subjects.Length != embeddings.Rows)
        {
            throw new FaceSynthDataException(source, $"{subjects.Length} subject labels for {embeddings.Rows} rows");
        }

        if (paths is not null && paths.Length != embeddings.Rows)
        {
            throw new FaceSynthDataException(source, $"{paths.Length} paths for {embeddings.Rows} rows");
        }

        Embeddings = embeddings;
        Subjects = subjects;
        Paths = paths;
        Source = source;
        Model = model;
    }

    /// <summary>The rows.</summary>
    public EmbeddingMatrix Embeddings { get; }

    /// <summary>Subject per row, or null (every row its own subject).</summary>
    public string[]? Subjects { get; }

    /// <summary>Image path per row (absolute or relative to an image root), or null.</summary>
    public string[]? Paths { get; }

    /// <summary>Where the set came from (file name), used in messages.</summary>
    public string Source { get; }

    /// <summary>FR model id, when recorded.</summary>
    public string? Model { get; }

    /// <summary>Number of rows.</summary>
    public int Rows => Embeddings.Rows;

    /// <summary>Subject of row <paramref name="i"/> (the row number when unlabelled).</summary>
    public string SubjectOf(int i) => Subjects?[i] ?? "#" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Dense subject ids 0..S-1 (in order of first appearance) and S; unlabelled sets give every row its own id.
    /// </summary>
    public (int[] Ids, int Count) SubjectIds()
    {
        var ids = new int[Rows];
        if (Subjects is null)
        {
            for (int i = 0; i < Rows; i++)
            {
                ids[i] = i;
            }

            return (ids, Rows);
        }

        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Rows; i++)
        {
            if (!map.TryGetValue(Subjects[i], out int id))
            {
                id = map.Count;
                map[Subjects[i]] = id;
            }

            ids[i] = id;
        }

        return (ids, map.Count);
    }

    /// <summary>
    /// Loads <paramref name="npy"/> and, when it exists, the metadata CSV (default: same name with <c>.csv</c>)
    /// with a header, one row per embedding row, the subject column (default <c>subject</c>) and optionally
    /// <c>path</c> (relative to <paramref name="imageRoot"/>, default the CSV's folder).
    /// </summary>
    public static AuditSet Load(string npy, string? metadataCsv = null, string subjectColumn = "subject", string? model = null, string? imageRoot = null)
    {
        var m = Npy.ReadMatrix(npy);
        string csv = metadataCsv ?? Path.ChangeExtension(npy, ".csv");
        if (!File.Exists(csv))
        {
            if (metadataCsv is not null)
            {
                throw new FaceSynthDataException(metadataCsv, "metadata file not found");
            }

            return new AuditSet(m, source: npy, model: model);
        }

        var lines = File.ReadAllLines(csv).Where(l => l.Trim().Length > 0).ToArray();
        if (lines.Length == 0)
        {
            throw FaceSynthDataException.AtLine(csv, 1, "empty metadata file (a header is expected)");
        }

        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        int sc = Array.FindIndex(header, h => string.Equals(h, subjectColumn, StringComparison.OrdinalIgnoreCase));
        int pc = Array.FindIndex(header, h => string.Equals(h, "path", StringComparison.OrdinalIgnoreCase));
        if (sc < 0)
        {
            throw FaceSynthDataException.AtLine(csv, 1, $"no '{subjectColumn}' column (header: {lines[0]})");
        }

        if (lines.Length - 1 != m.Rows)
        {
            throw new FaceSynthDataException(csv, $"{lines.Length - 1} data rows for {m.Rows} embedding rows in {npy} (one row per embedding, same order)");
        }

        string root = imageRoot ?? Path.GetDirectoryName(Path.GetFullPath(csv))!;
        var subjects = new string[m.Rows];
        var paths = pc >= 0 ? new string[m.Rows] : null;
        for (int i = 0; i < m.Rows; i++)
        {
            var f = lines[i + 1].Split(',');
            if (f.Length != header.Length)
            {
                throw FaceSynthDataException.AtLine(csv, i + 2, $"{f.Length} fields, the header has {header.Length}");
            }

            subjects[i] = f[sc].Trim();
            if (paths is not null)
            {
                paths[i] = Path.Combine(root, f[pc].Trim());
            }
        }

        return new AuditSet(m, subjects, paths, npy, model);
    }
}
