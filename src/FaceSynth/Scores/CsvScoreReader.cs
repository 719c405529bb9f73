namespace FaceSynth.Scores;

/// <summary>
/// bob.bio.base CSV score files (FORMATS.md 3.4): a header row, then one row per (probe, reference);
/// comma-separated with RFC 4180 quoting. Quoted fields spanning lines are not supported.
/// </summary>
internal static class CsvScoreReader
{
    public static List<ScoreRow> ReadRows(Utf8LineReader reader, ScoreFileOptions options)
    {
        var pool = new IdPool();
        List<string>? header = null;
        int score = -1, probeSubject = -1, refSubject = -1, probe = -1, model = -1;
        var rows = new List<ScoreRow>();
        var fields = new List<string>();
        while (reader.TryReadLine(out var line))
        {
            if (TextFields.TrimAscii(line).IsEmpty)
            {
                continue;
            }

            var text = TextFields.Decode(line, reader.Source, reader.LineNumber);
            Parse(text, fields, reader);
            if (header is null)
            {
                header = [.. fields.Select(static h => h.Trim())];
                score = Require(header, options.CsvScoreColumn, reader);
                probeSubject = Require(header, "probe_subject_id", reader);
                refSubject = Require(header, "bio_ref_subject_id", reader);
                probe = header.IndexOf(options.CsvProbeColumn);
                if (probe < 0)
                {
                    probe = Require(header, "probe_template_id", reader);
                }

                model = header.IndexOf("bio_ref_template_id");
                continue;
            }

            if (fields.Count != header.Count)
            {
                throw FaceSynthDataException.AtLine(reader.Source, reader.LineNumber, $"expected {header.Count} comma-separated fields (as in the header row), found {fields.Count}");
            }

            if (!PythonFloat.TryParse(fields[score], out double value))
            {
                throw FaceSynthDataException.AtLine(reader.Source, reader.LineNumber, $"score '{Short(fields[score])}' in column '{header[score]}' is not a number (expected e.g. 0.25, -1e-3, nan)");
            }

            rows.Add(new ScoreRow(
                pool.Get(fields[refSubject]),
                model >= 0 ? pool.Get(fields[model]) : null,
                pool.Get(fields[probeSubject]),
                pool.Get(fields[probe]),
                value));
        }

        if (header is null)
        {
            throw new FaceSynthDataException(reader.Source, "CSV score file is empty (expected a header row and score rows)");
        }

        if (rows.Count == 0)
        {
            throw new FaceSynthDataException(reader.Source, "CSV score file holds a header but no score rows");
        }

        return rows;
    }

    private static int Require(List<string> header, string name, Utf8LineReader reader)
    {
        int i = header.IndexOf(name);
        if (i < 0)
        {
            throw FaceSynthDataException.AtLine(reader.Source, reader.LineNumber, $"header row has no column '{name}' (columns: {Short(string.Join(",", header))})");
        }

        return i;
    }

    private static void Parse(string line, List<string> fields, Utf8LineReader reader)
    {
        fields.Clear();
        var sb = new System.Text.StringBuilder();
        int i = 0;
        while (true)
        {
            sb.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw FaceSynthDataException.AtLine(reader.Source, reader.LineNumber, "unterminated quoted field (quoted line breaks are not supported)");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(line[i++]);
                }

                // Python's csv keeps text after a closing quote as part of the field.
                while (i < line.Length && line[i] != ',')
                {
                    sb.Append(line[i++]);
                }
            }
            else
            {
                int comma = line.IndexOf(',', i);
                int end = comma < 0 ? line.Length : comma;
                sb.Append(line, i, end - i);
                i = end;
            }

            fields.Add(sb.ToString());
            if (i >= line.Length)
            {
                return;
            }

            i++; // skip the comma
        }
    }

    private static string Short(string s) => s.Length > 80 ? s[..80] + "..." : s;
}
