namespace FaceSynth.Scores;

/// <summary>
/// Readers for pyeer's input files (FORMATS.md 3.6). Blank lines are skipped; every other line must
/// parse, errors name the file and line.
/// </summary>
public static class PyeerFiles
{
    /// <summary>Genuine or impostor scores: the last field after splitting the stripped line on single spaces.</summary>
    public static double[] ReadScores(string path) =>
        ScoreFile.WithReader(path, ScoreFileOptions.Default, r =>
        {
            var values = new DoubleList();
            while (r.TryReadLine(out var line))
            {
                var t = TextFields.TrimAscii(line);
                if (t.IsEmpty)
                {
                    continue;
                }

                int space = t.LastIndexOf((byte)' ');
                values.Add(TextFields.ParseScore(t[(space + 1)..], r, "score"));
            }

            return values.ToArray();
        });

    /// <summary>A histogram file (<c>-ht</c>): line k (0-based) holds the count of impostor scores equal to k.</summary>
    public static double[] ReadHistogram(string path) =>
        ScoreFile.WithReader(path, ScoreFileOptions.Default, r =>
        {
            var values = new DoubleList();
            while (r.TryReadLine(out var line))
            {
                var t = TextFields.TrimAscii(line);
                if (t.IsEmpty)
                {
                    continue;
                }

                double v = TextFields.ParseScore(t, r, "count");
                if (!(v >= 0) || double.IsInfinity(v))
                {
                    throw FaceSynthDataException.AtLine(path, r.LineNumber, $"count {TextFields.Show(t)} must be a finite non-negative number");
                }

                values.Add(v);
            }

            return values.ToArray();
        });

    /// <summary>
    /// A CMC experiment: <paramref name="truthPath"/> lines <c>query true_template</c> (split at the first
    /// space), <paramref name="scoresPath"/> lines <c>query template score</c> (first three single-space fields).
    /// Queries are returned in truth-file order.
    /// </summary>
    public static IReadOnlyList<PyeerCmcQuery> ReadCmc(string scoresPath, string truthPath)
    {
        var pool = new IdPool();
        var order = new List<string>();
        var truth = new Dictionary<string, (List<string> True, List<PyeerMatch> Matches)>(StringComparer.Ordinal);
        ScoreFile.WithReader(truthPath, ScoreFileOptions.Default, r =>
        {
            while (r.TryReadLine(out var line))
            {
                if (TextFields.TrimAscii(line).IsEmpty)
                {
                    continue;
                }

                int space = line.IndexOf((byte)' ');
                if (space < 0)
                {
                    throw FaceSynthDataException.AtLine(truthPath, r.LineNumber, "expected 'query true_template' separated by a space");
                }

                string query = pool.Get(line[..space], truthPath, r.LineNumber);
                string template = pool.Get(TextFields.TrimAscii(line[(space + 1)..]), truthPath, r.LineNumber);
                if (!truth.TryGetValue(query, out var entry))
                {
                    entry = ([], []);
                    truth[query] = entry;
                    order.Add(query);
                }

                entry.True.Add(template);
            }

            return 0;
        });

        if (order.Count == 0)
        {
            throw new FaceSynthDataException(truthPath, "truth file holds no lines");
        }

        ScoreFile.WithReader(scoresPath, ScoreFileOptions.Default, r =>
        {
            Span<Range> f = stackalloc Range[3];
            while (r.TryReadLine(out var line))
            {
                if (TextFields.TrimAscii(line).IsEmpty)
                {
                    continue;
                }

                int n = TextFields.SplitSingleSpace(line, f);
                if (n < 3)
                {
                    throw FaceSynthDataException.AtLine(scoresPath, r.LineNumber, $"expected 'query template score' separated by single spaces, found {n} field(s)");
                }

                string query = pool.Get(line[f[0]], scoresPath, r.LineNumber);
                if (!truth.TryGetValue(query, out var entry))
                {
                    throw FaceSynthDataException.AtLine(scoresPath, r.LineNumber, $"query '{query}' has no line in the truth file {truthPath}");
                }

                string template = pool.Get(line[f[1]], scoresPath, r.LineNumber);
                double score = TextFields.ParseScore(TextFields.TrimAscii(line[f[2]]), r, "score");
                entry.Matches.Add(new PyeerMatch(template, score));
            }

            return 0;
        });

        return order.Select(q => new PyeerCmcQuery(q, truth[q].True, truth[q].Matches)).ToList();
    }
}
