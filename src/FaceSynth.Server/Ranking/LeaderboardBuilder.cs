using FaceSynth.Metrics.Fairness;
using FaceSynth.Server.Definitions;
using FaceSynth.Server.Scoring;

namespace FaceSynth.Server.Ranking;

/// <summary>A scored submission as the leaderboard sees it.</summary>
/// <param name="SubmissionId">Id.</param>
/// <param name="TeamId">Team id.</param>
/// <param name="Team">Team name.</param>
/// <param name="SubmittedAt">Arrival time.</param>
/// <param name="Published">Whether its page is public.</param>
/// <param name="Result">Its scores.</param>
public sealed record RankedEntry(long SubmissionId, long TeamId, string Team, DateTimeOffset SubmittedAt, bool Published, SubmissionResult Result);

/// <summary>
/// Orders entries by the task's ranking rule (CHALLENGE.md "What everyone sees"): the ranking metric, ties broken by
/// the next columns in order, then by the earliest submission (then the lower id). By default each team appears once,
/// with its best entry under the same order. Borda points (SDFR) are computed among the entries shown.
/// </summary>
public static class LeaderboardBuilder
{
    /// <summary>Builds the leaderboard of <paramref name="task"/> from its scored entries.</summary>
    public static Leaderboard Build(ChallengeDefinition challenge, TaskDefinition task, string subtask, string phase, IReadOnlyList<RankedEntry> entries, bool allSubmissions)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(entries);
        var columns = Columns(task, entries);
        var rows = entries.Select(e => (Entry: e, Values: Values(e.Result, columns))).ToList();
        Comparison<(RankedEntry Entry, double?[] Values)> compare = (a, b) => Compare(a, b, columns);

        if (task.ParsedRanking == RankingRule.Borda)
        {
            // A team's entry is its best by mean metric (column order after the Borda column), then Borda among entries.
            if (!allSubmissions)
            {
                rows = BestPerTeam(rows, (a, b) => Compare(a, b, columns, firstColumn: 1));
            }

            var bench = task.Benchmarks;
            var metric = rows.Select(r => bench.Select((_, j) => r.Values[j + 2] ?? double.NaN).ToArray()).ToArray();
            var borda = BordaRanking.Rank([.. rows.Select(r => r.Entry.SubmissionId.ToString(System.Globalization.CultureInfo.InvariantCulture))], bench, metric);
            for (int i = 0; i < rows.Count; i++)
            {
                rows[i].Values[0] = borda.Totals[i];
            }
        }
        else if (!allSubmissions)
        {
            rows = BestPerTeam(rows, compare);
        }

        rows.Sort(compare);
        var ranked = rows.Select((r, i) => new LeaderboardRow(i + 1, r.Entry.SubmissionId, r.Entry.Team, r.Entry.SubmittedAt, r.Values, r.Entry.Published)).ToList();
        return new Leaderboard(task.Id, subtask, phase, task.Ranking, allSubmissions, columns, ranked, challenge.Demo);
    }

    private static List<(RankedEntry Entry, double?[] Values)> BestPerTeam(List<(RankedEntry Entry, double?[] Values)> rows, Comparison<(RankedEntry Entry, double?[] Values)> compare) =>
        [.. rows.GroupBy(r => r.Entry.TeamId).Select(g =>
        {
            var list = g.ToList();
            list.Sort(compare);
            return list[0];
        })];

    private static int Compare((RankedEntry Entry, double?[] Values) a, (RankedEntry Entry, double?[] Values) b, IReadOnlyList<LeaderboardColumn> columns, int firstColumn = 0)
    {
        for (int c = firstColumn; c < columns.Count; c++)
        {
            double x = a.Values[c] ?? double.NaN, y = b.Values[c] ?? double.NaN;
            if (x.Equals(y))
            {
                continue;
            }

            // A missing value ranks below any present one.
            if (double.IsNaN(x))
            {
                return 1;
            }

            if (double.IsNaN(y))
            {
                return -1;
            }

            int cmp = x.CompareTo(y);
            return columns[c].HigherIsBetter ? -cmp : cmp;
        }

        int t = a.Entry.SubmittedAt.CompareTo(b.Entry.SubmittedAt);
        return t != 0 ? t : a.Entry.SubmissionId.CompareTo(b.Entry.SubmissionId);
    }

    private static List<LeaderboardColumn> Columns(TaskDefinition task, IReadOnlyList<RankedEntry> entries)
    {
        var cols = new List<LeaderboardColumn>();
        switch (task.ParsedRanking)
        {
            case RankingRule.FrcsynTradeOff:
                cols.Add(new("to", "TO = AVG - SD (%)", true));
                cols.Add(new("avg", "AVG over groups (%)", true));
                cols.Add(new("sd", "SD over groups (%)", false));
                break;
            case RankingRule.Borda:
                cols.Add(new("borda", "Borda points", true));
                cols.Add(new("mean", "Mean metric (%)", true));
                break;
            default:
                cols.Add(new("mean", "Mean accuracy (%)", true));
                break;
        }

        foreach (var b in task.Benchmarks)
        {
            cols.Add(new(b, b, true));
        }

        // Group columns come from the results themselves (group names live in the hidden truth, so only
        // names that scoring already reported are shown).
        var sample = entries.FirstOrDefault()?.Result;
        if (sample is not null)
        {
            foreach (var br in sample.Benchmarks)
            {
                foreach (var g in br.Groups.Where(g => g.Accuracy is not null))
                {
                    cols.Add(new($"{br.Benchmark}/{g.Group}", $"{br.Benchmark}: {g.Group}", true));
                }
            }
        }

        return cols;
    }

    private static double?[] Values(SubmissionResult r, List<LeaderboardColumn> columns)
    {
        var v = new double?[columns.Count];
        var byBench = r.Benchmarks.ToDictionary(b => b.Benchmark, StringComparer.Ordinal);
        for (int c = 0; c < columns.Count; c++)
        {
            string id = columns[c].Id;
            v[c] = id switch
            {
                "to" => r.RankingMetric,
                "avg" => r.GroupMean,
                "sd" => r.GroupStd,
                "mean" => r.RankingMetric,
                "borda" => null,
                _ when byBench.TryGetValue(id, out var b) => b.Metric,
                _ when id.IndexOf('/', StringComparison.Ordinal) is int k and > 0
                    && byBench.TryGetValue(id[..k], out var gb) => gb.Groups.FirstOrDefault(g => g.Group == id[(k + 1)..])?.Accuracy,
                _ => null,
            };
        }

        return v;
    }
}
