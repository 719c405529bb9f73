namespace FaceSynth.Scores;

/// <summary>Parsers for the bob text layouts (2, 4, 5 columns; FORMATS.md 3.1-3.3) over a <see cref="Utf8LineReader"/>.</summary>
internal static class ColumnScoreReader
{
    /// <summary>Field count of the first data line decides the layout (bob <c>load.split</c>).</summary>
    public static ScoreFileFormat Detect(Utf8LineReader reader)
    {
        Span<Range> f = stackalloc Range[6];
        while (reader.TryReadLine(out var line))
        {
            var t = TextFields.TrimAscii(line);
            if (t.IsEmpty || t[0] == (byte)'#')
            {
                continue;
            }

            int n = TextFields.SplitWhitespace(line, f);
            int hash = line.IndexOf((byte)'#');
            int nStripped = hash >= 0 ? TextFields.SplitWhitespace(line[..hash], f) : n;
            // "1 0.5 # note" is a 2-column line with a comment; "a#1 a#1 p 0.5" a 4-column one.
            bool twoNumbers = nStripped == 2
                && PythonFloat.TryParse(line[f[0]], out _)
                && PythonFloat.TryParse(line[f[1]], out _);
            reader.PushBack();
            return (n, twoNumbers) switch
            {
                (_, true) => ScoreFileFormat.TwoColumn,
                (4, _) => ScoreFileFormat.FourColumn,
                (5, _) => ScoreFileFormat.FiveColumn,
                (2, _) => ScoreFileFormat.TwoColumn,
                _ => throw FaceSynthDataException.AtLine(reader.Source, reader.LineNumber + 1, $"cannot detect the score file layout: the first line has {n} fields (expected 2 'label score', 4 'claimed_id real_id test_label score' or 5 'claimed_id model_label real_id test_label score')"),
            };
        }

        throw new FaceSynthDataException(reader.Source, "file holds no score lines (empty file)");
    }

    /// <summary>bob 2-column: <c>label score</c>, <c>#</c> comments, label == 1 genuine.</summary>
    public static ScoreSet ReadTwoColumn(Utf8LineReader reader)
    {
        var neg = new DoubleList();
        var pos = new DoubleList();
        ReadTwoColumnRows(reader, (genuine, score) => (genuine ? pos : neg).Add(score));
        return new ScoreSet(neg.ToArray(), pos.ToArray(), reader.Source);
    }

    /// <summary>
    /// Parses every bob 2-column line in file order and hands (genuine, score) to <paramref name="row"/>;
    /// the one parser behind the score-set and the ordered-pairs readers.
    /// </summary>
    /// <exception cref="FaceSynthDataException">A line without exactly two fields, an unparsable number, or no score line at all.</exception>
    public static void ReadTwoColumnRows(Utf8LineReader reader, Action<bool, double> row)
    {
        Span<Range> f = stackalloc Range[3];
        long rows = 0;
        while (reader.TryReadLine(out var line))
        {
            int hash = line.IndexOf((byte)'#');
            if (hash >= 0)
            {
                line = line[..hash];
            }

            int n = TextFields.SplitWhitespace(line, f);
            if (n == 0)
            {
                continue;
            }

            if (n != 2)
            {
                throw FaceSynthDataException.AtLine(reader.Source, reader.LineNumber, $"expected 2 fields 'label score', found {n}");
            }

            var labelText = line[f[0]];
            double label = labelText.Length == 1 && labelText[0] == (byte)'1' ? 1.0
                : labelText.SequenceEqual("-1"u8) ? -1.0
                : TextFields.ParseScore(labelText, reader, "label");
            row(label == 1.0, TextFields.ParseScore(line[f[1]], reader, "score"));
            rows++;
        }

        if (rows == 0)
        {
            throw new FaceSynthDataException(reader.Source, "file holds no score lines");
        }
    }

    /// <summary>4/5-column file straight to a score set: ids are compared as bytes, never decoded.</summary>
    public static ScoreSet ReadColumnsAsSet(Utf8LineReader reader, ScoreFileFormat format, ScoreFileOptions options)
    {
        var neg = new DoubleList();
        var pos = new DoubleList();
        int realAt = format == ScoreFileFormat.FiveColumn ? 2 : 1;
        Span<Range> f = stackalloc Range[6];
        while (reader.TryReadLine(out var line))
        {
            if (!Split(reader, line, format, options, f))
            {
                continue;
            }

            double score = TextFields.ParseScore(line[f[Fields(format) - 1]], reader, "score");
            (line[f[0]].SequenceEqual(line[f[realAt]]) ? pos : neg).Add(score);
        }

        if (neg.Count + pos.Count == 0)
        {
            throw new FaceSynthDataException(reader.Source, "file holds no score lines");
        }

        return new ScoreSet(neg.ToArray(), pos.ToArray(), reader.Source);
    }

    /// <summary>4/5-column file as rows, ids interned.</summary>
    public static List<ScoreRow> ReadRows(Utf8LineReader reader, ScoreFileFormat format, ScoreFileOptions options)
    {
        var rows = new List<ScoreRow>();
        var pool = new IdPool();
        bool five = format == ScoreFileFormat.FiveColumn;
        Span<Range> f = stackalloc Range[6];
        while (reader.TryReadLine(out var line))
        {
            if (!Split(reader, line, format, options, f))
            {
                continue;
            }

            double score = TextFields.ParseScore(line[f[Fields(format) - 1]], reader, "score");
            string src = reader.Source;
            long no = reader.LineNumber;
            string claimed = pool.Get(line[f[0]], src, no);
            string? model = five ? pool.Get(line[f[1]], src, no) : null;
            int k = five ? 2 : 1;
            string real = pool.Get(line[f[k]], src, no);
            string probe = pool.Get(line[f[k + 1]], src, no);
            rows.Add(new ScoreRow(claimed, model, real, probe, score));
        }

        if (rows.Count == 0)
        {
            throw new FaceSynthDataException(reader.Source, "file holds no score lines");
        }

        return rows;
    }

    private static int Fields(ScoreFileFormat format) => format == ScoreFileFormat.FiveColumn ? 5 : 4;

    /// <summary>Splits a 4/5-column line; false for blank and <c>#</c> comment lines.</summary>
    private static bool Split(Utf8LineReader reader, ReadOnlySpan<byte> line, ScoreFileFormat format, ScoreFileOptions options, Span<Range> f)
    {
        var t = TextFields.TrimAscii(line);
        if (t.IsEmpty || t[0] == (byte)'#')
        {
            return false;
        }

        int expected = Fields(format);
        int n = options.StrictSingleSpace ? TextFields.SplitSingleSpace(line, f) : TextFields.SplitWhitespace(line, f);
        if (n != expected)
        {
            string layout = expected == 4 ? "'claimed_id real_id test_label score'" : "'claimed_id model_label real_id test_label score'";
            throw FaceSynthDataException.AtLine(reader.Source, reader.LineNumber, $"expected {expected} fields {layout}, found {n}");
        }

        return true;
    }
}
