using FaceSynth.Scores;

namespace FaceSynth.Metrics.Fairness;

/// <summary>
/// Scores split by demographic group: genuine scores per group and impostor scores per cell
/// (probe subject's group, reference subject's group). NaN scores are removed and counted.
/// </summary>
public sealed class GroupedScores
{
    private readonly List<double>[] _genuine;
    private readonly List<double>[] _impostor;

    private GroupedScores(IReadOnlyList<string> groups)
    {
        Groups = groups;
        int g = groups.Count;
        _genuine = new List<double>[g];
        _impostor = new List<double>[g * g];
        for (int i = 0; i < g; i++)
        {
            _genuine[i] = [];
        }

        for (int i = 0; i < g * g; i++)
        {
            _impostor[i] = [];
        }
    }

    /// <summary>Group names (index = group index).</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>Rows skipped because a subject has no group (only with skipping enabled).</summary>
    public long SkippedUnmapped { get; private set; }

    /// <summary>Rows removed because the score was NaN (failure to acquire).</summary>
    public long RemovedNaN { get; private set; }

    /// <summary>Genuine scores of group <paramref name="group"/>.</summary>
    public IReadOnlyList<double> Genuine(int group) => _genuine[group];

    /// <summary>Impostor scores with the probe in <paramref name="probeGroup"/> and the reference in <paramref name="referenceGroup"/>.</summary>
    public IReadOnlyList<double> Impostor(int probeGroup, int referenceGroup) => _impostor[(probeGroup * Groups.Count) + referenceGroup];

    /// <summary>Every genuine score, all groups.</summary>
    public double[] AllGenuine() => [.. _genuine.SelectMany(l => l)];

    /// <summary>Every impostor score, all cells (within- and cross-group).</summary>
    public double[] AllImpostor() => [.. _impostor.SelectMany(l => l)];

    /// <summary>
    /// Splits bob 4-/5-column or CSV score rows (genuine iff claimed id == real id) by the groups of the
    /// probe subject (<see cref="ScoreRow.RealId"/>) and reference subject (<see cref="ScoreRow.ClaimedId"/>).
    /// </summary>
    /// <exception cref="FaceSynthDataException">A subject is missing from the map and <paramref name="skipUnmapped"/> is false.</exception>
    public static GroupedScores Split(IEnumerable<ScoreRow> rows, GroupMap groups, bool skipUnmapped = false, string source = "score rows")
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(groups);
        var result = new GroupedScores([.. groups.Groups]);
        int g = groups.Groups.Count;
        long index = 0;
        foreach (var row in rows)
        {
            index++;
            int probe = groups.GroupIndexOf(row.RealId);
            int reference = groups.GroupIndexOf(row.ClaimedId);
            if (probe < 0 || reference < 0)
            {
                if (skipUnmapped)
                {
                    result.SkippedUnmapped++;
                    continue;
                }

                string missing = probe < 0 ? row.RealId : row.ClaimedId;
                throw new FaceSynthDataException(source, $"comparison {index}: subject '{missing}' has no group in the groups file");
            }

            if (double.IsNaN(row.Score))
            {
                result.RemovedNaN++;
                continue;
            }

            if (row.IsGenuine)
            {
                result._genuine[probe].Add(row.Score);
            }
            else
            {
                result._impostor[(probe * g) + reference].Add(row.Score);
            }
        }

        return result;
    }
}
