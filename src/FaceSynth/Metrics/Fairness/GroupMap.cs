using System.Text;

namespace FaceSynth.Metrics.Fairness;

/// <summary>
/// Subject id -> demographic group. File format (docs/fairness.md): CSV with the header
/// <c>subject_id,group</c>, one subject per row, RFC 4180 quotes allowed, blank lines and lines starting
/// with <c>#</c> skipped. A subject listed twice must name the same group.
/// </summary>
public sealed class GroupMap
{
    private readonly Dictionary<string, int> _groupOf = new(StringComparer.Ordinal);
    private readonly List<string> _groups = [];
    private readonly Dictionary<string, int> _groupIndex = new(StringComparer.Ordinal);

    /// <summary>Creates a map from (subject, group) pairs.</summary>
    /// <exception cref="ArgumentException">A subject is given two different groups.</exception>
    public GroupMap(IEnumerable<KeyValuePair<string, string>> subjectGroups)
    {
        ArgumentNullException.ThrowIfNull(subjectGroups);
        foreach (var (subject, group) in subjectGroups)
        {
            if (Add(subject, group) is { } error)
            {
                throw new ArgumentException(error, nameof(subjectGroups));
            }
        }
    }

    private GroupMap()
    {
    }

    /// <summary>Group names in order of first appearance.</summary>
    public IReadOnlyList<string> Groups => _groups;

    /// <summary>Number of subjects mapped.</summary>
    public int SubjectCount => _groupOf.Count;

    /// <summary>Index into <see cref="Groups"/> of <paramref name="subject"/>'s group, or -1 when unmapped.</summary>
    public int GroupIndexOf(string subject) => _groupOf.TryGetValue(subject, out int g) ? g : -1;

    /// <summary>Reads a groups file (see the type's summary).</summary>
    /// <exception cref="FaceSynthDataException">Missing/wrong header, wrong field count, empty id or conflicting group.</exception>
    public static GroupMap Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FaceSynthDataException(path, "groups file not found");
        }

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path);
    }

    /// <summary>Reads a groups file from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static GroupMap Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var map = new GroupMap();
        bool header = true;
        long lineNo = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var fields = SplitCsv(line, source, lineNo);
            if (header)
            {
                header = false;
                if (fields.Count != 2 || !fields[0].Trim().Equals("subject_id", StringComparison.OrdinalIgnoreCase) || !fields[1].Trim().Equals("group", StringComparison.OrdinalIgnoreCase))
                {
                    throw FaceSynthDataException.AtLine(source, lineNo, $"expected the header 'subject_id,group', found '{line}'");
                }

                continue;
            }

            if (fields.Count != 2)
            {
                throw FaceSynthDataException.AtLine(source, lineNo, $"expected 2 comma-separated fields 'subject_id,group', found {fields.Count}");
            }

            string subject = fields[0].Trim(), group = fields[1].Trim();
            if (subject.Length == 0 || group.Length == 0)
            {
                throw FaceSynthDataException.AtLine(source, lineNo, "empty subject id or group");
            }

            if (map.Add(subject, group) is { } error)
            {
                throw FaceSynthDataException.AtLine(source, lineNo, error);
            }
        }

        if (header)
        {
            throw new FaceSynthDataException(source, "is empty (expected the header 'subject_id,group' and one row per subject)");
        }

        return map;
    }

    private string? Add(string subject, string group)
    {
        if (!_groupIndex.TryGetValue(group, out int g))
        {
            g = _groups.Count;
            _groups.Add(group);
            _groupIndex.Add(group, g);
        }

        if (_groupOf.TryGetValue(subject, out int old))
        {
            return old == g ? null : $"subject '{subject}' is in group '{_groups[old]}' and in group '{group}'";
        }

        _groupOf.Add(subject, g);
        return null;
    }

    private static List<string> SplitCsv(string line, string source, long lineNo)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"')
                    {
                        sb.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        if (quoted)
        {
            throw FaceSynthDataException.AtLine(source, lineNo, "unterminated quoted field");
        }

        fields.Add(sb.ToString());
        return fields;
    }
}
