using FaceSynth.Embeddings;

namespace FaceSynth.Scores;

/// <summary>
/// Reads bob score files (FORMATS.md 3): 2-column, 4-column, 5-column and CSV, plain, gzip or inside a
/// tar archive, streamed line by line. Errors are <see cref="FaceSynthDataException"/> naming the file and line.
/// </summary>
public static partial class ScoreFile
{
    /// <summary>Detects the layout of <paramref name="path"/> (see <see cref="ScoreFileFormat.Auto"/>).</summary>
    public static ScoreFileFormat DetectFormat(string path) =>
        WithReader(path, ScoreFileOptions.Default, r => IsCsvName(path) ? ScoreFileFormat.Csv : ColumnScoreReader.Detect(r));

    /// <summary>Reads negatives and positives (NaN kept). 4/5-column and CSV rows are genuine iff the ids match.</summary>
    public static ScoreSet ReadScoreSet(string path, ScoreFileFormat format = ScoreFileFormat.Auto, ScoreFileOptions? options = null)
    {
        var o = options ?? ScoreFileOptions.Default;
        return WithReader(path, o, r =>
        {
            var f = Resolve(path, format, r);
            return f switch
            {
                ScoreFileFormat.TwoColumn => ColumnScoreReader.ReadTwoColumn(r),
                ScoreFileFormat.Csv => ToSet(CsvScoreReader.ReadRows(r, o), path),
                _ => ColumnScoreReader.ReadColumnsAsSet(r, f, o),
            };
        });
    }

    /// <summary>Reads every comparison of a 4-column, 5-column or CSV file, in file order.</summary>
    public static IReadOnlyList<ScoreRow> ReadRows(string path, ScoreFileFormat format = ScoreFileFormat.Auto, ScoreFileOptions? options = null)
    {
        var o = options ?? ScoreFileOptions.Default;
        return WithReader(path, o, r => ReadRowsCore(path, format, o, r));
    }

    /// <summary>
    /// The identification view (bob <c>load.cmc</c>): rows grouped by probe, probes in code-point order of
    /// their names, scores in file order within each probe; a side without scores is null.
    /// </summary>
    public static IReadOnlyList<ProbeScores> ReadProbes(string path, ScoreFileFormat format = ScoreFileFormat.Auto, ScoreFileOptions? options = null) =>
        GroupByProbe(ReadRows(path, format, options));

    /// <summary>Groups rows into <see cref="ProbeScores"/> as <see cref="ReadProbes"/> does.</summary>
    public static IReadOnlyList<ProbeScores> GroupByProbe(IEnumerable<ScoreRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var groups = new Dictionary<string, (DoubleList? Neg, DoubleList? Pos)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            groups.TryGetValue(row.Probe, out var g);
            if (row.IsGenuine)
            {
                (g.Pos ??= new DoubleList()).Add(row.Score);
            }
            else
            {
                (g.Neg ??= new DoubleList()).Add(row.Score);
            }

            groups[row.Probe] = g;
        }

        var names = groups.Keys.ToArray();
        Array.Sort(names, CodePointComparer.Instance);
        return names.Select(n => new ProbeScores(n, groups[n].Neg?.ToArray(), groups[n].Pos?.ToArray())).ToList();
    }

    /// <summary>
    /// Reads genuine and impostor scores from two 1-D <c>.npy</c> files (any numeric dtype, widened to double).
    /// </summary>
    public static ScoreSet ReadNpyPair(string genuinePath, string impostorPath)
    {
        var pos = Npy.ReadDoubles(genuinePath);
        var neg = Npy.ReadDoubles(impostorPath);
        return new ScoreSet(neg, pos, $"{genuinePath} + {impostorPath}");
    }

    /// <summary>True when <c>.csv</c> is among the suffixes of the file name (Python <c>Path.suffixes</c>).</summary>
    public static bool IsCsvName(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith('.'))
        {
            return false;
        }

        var parts = name.TrimStart('.').Split('.');
        return parts.Skip(1).Contains("csv", StringComparer.Ordinal);
    }

    private static List<ScoreRow> ReadRowsCore(string path, ScoreFileFormat format, ScoreFileOptions o, Utf8LineReader r)
    {
        var f = Resolve(path, format, r);
        return f switch
        {
            ScoreFileFormat.TwoColumn => throw new FaceSynthDataException(path, "a 2-column score file has no ids; rows and probe views need a 4-column, 5-column or CSV file"),
            ScoreFileFormat.Csv => CsvScoreReader.ReadRows(r, o),
            _ => ColumnScoreReader.ReadRows(r, f, o),
        };
    }

    private static ScoreFileFormat Resolve(string path, ScoreFileFormat format, Utf8LineReader r) => format switch
    {
        ScoreFileFormat.Auto => IsCsvName(path) ? ScoreFileFormat.Csv : ColumnScoreReader.Detect(r),
        ScoreFileFormat.TwoColumn or ScoreFileFormat.FourColumn or ScoreFileFormat.FiveColumn or ScoreFileFormat.Csv => format,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static ScoreSet ToSet(List<ScoreRow> rows, string path)
    {
        var neg = new DoubleList();
        var pos = new DoubleList();
        foreach (var row in rows)
        {
            (row.IsGenuine ? pos : neg).Add(row.Score);
        }

        return new ScoreSet(neg.ToArray(), pos.ToArray(), path);
    }

    internal static T WithReader<T>(string path, ScoreFileOptions options, Func<Utf8LineReader, T> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Npy.Guard(path, () =>
        {
            using var reader = new Utf8LineReader(ScoreStreamOpener.Open(path), path, options.MaxLineBytes);
            return read(reader);
        });
    }
}
