using FaceSynth.Server.Definitions;
using FaceSynth.Server.Ranking;
using FaceSynth.Server.Scoring;

namespace FaceSynth.Server.Tests;

/// <summary>Ranking rules and tie breaking on hand-made results.</summary>
public sealed class LeaderboardBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ChallengeDefinition Challenge = new() { Id = "c", Title = "c" };

    private static RankedEntry Entry(long id, long team, double ranking, double? avg, double? sd, params double[] metrics) =>
        new(id, team, "team" + team, T0.AddMinutes(id), false, new SubmissionResult("t", "x", ranking, "m", avg, sd,
            [.. metrics.Select((m, i) => new BenchmarkResult("b" + (i + 1), "pairs-kfold", "acc", m, null, 0, 0, 0, 0, 0, 0, null, [], [], []))], "test"));

    private static TaskDefinition Task(string ranking, int benchmarks) =>
        new() { Id = "t", Ranking = ranking, Benchmarks = [.. Enumerable.Range(1, benchmarks).Select(i => "b" + i)], Subtasks = [new() { Id = "s" }] };

    [Fact]
    public void Borda_gives_n_minus_r_points_per_benchmark()
    {
        // b1: T1 > T2 > T3 -> 2, 1, 0; b2: T3 > T2 > T1 -> 2, 1, 0; b3: T2 > T3 > T1 -> 2, 1, 0. Totals: T1 2, T2 4, T3 3.
        var entries = new[] { Entry(1, 1, 80, null, null, 90, 80, 70), Entry(2, 2, 82.67, null, null, 85, 88, 75), Entry(3, 3, 80.67, null, null, 80, 90, 72) };
        var board = LeaderboardBuilder.Build(Challenge, Task("borda", 3), "s", "p", entries, false);
        Assert.Equal([2L, 3L, 1L], board.Rows.Select(r => r.SubmissionId));
        Assert.Equal([4.0, 3.0, 2.0], board.Rows.Select(r => r.Values[0]!.Value));
        Assert.Equal([1, 2, 3], board.Rows.Select(r => r.Rank));
    }

    [Fact]
    public void Borda_ties_on_a_benchmark_share_the_mean_rank()
    {
        // b1: T1 = T2 (ranks 1 and 2 -> 1.5 each -> 1.5 points), T3 last (0 points).
        var entries = new[] { Entry(1, 1, 90, null, null, 90), Entry(2, 2, 90, null, null, 90), Entry(3, 3, 80, null, null, 80) };
        var board = LeaderboardBuilder.Build(Challenge, Task("borda", 1), "s", "p", entries, false);
        Assert.Equal([1.5, 1.5, 0.0], board.Rows.Select(r => r.Values[0]!.Value));
        Assert.Equal([1L, 2L, 3L], board.Rows.Select(r => r.SubmissionId)); // equal points and metrics: earlier first
    }

    [Fact]
    public void Trade_off_ties_are_broken_by_the_next_columns_then_by_time()
    {
        var entries = new[]
        {
            Entry(1, 1, 90, 92, 2, 92),     // same TO as #2 but lower AVG
            Entry(2, 2, 90, 94, 4, 94),
            Entry(3, 3, 91, 93, 2, 93),     // best TO
            Entry(4, 4, 90, 92, 2, 92),     // identical to #1, submitted later
        };
        var board = LeaderboardBuilder.Build(Challenge, Task("frcsyn-to", 1), "s", "p", entries, false);
        Assert.Equal([3L, 2L, 1L, 4L], board.Rows.Select(r => r.SubmissionId));
        Assert.Equal(["to", "avg", "sd", "b1"], board.Columns.Select(c => c.Id));
        Assert.False(board.Columns[2].HigherIsBetter);
    }

    [Fact]
    public void Each_team_shows_its_best_entry_unless_all_are_asked_for()
    {
        var entries = new[] { Entry(1, 1, 80, null, null, 80), Entry(2, 1, 85, null, null, 85), Entry(3, 2, 82, null, null, 82) };
        var best = LeaderboardBuilder.Build(Challenge, Task("mean-accuracy", 1), "s", "p", entries, false);
        Assert.Equal([2L, 3L], best.Rows.Select(r => r.SubmissionId));
        var all = LeaderboardBuilder.Build(Challenge, Task("mean-accuracy", 1), "s", "p", entries, true);
        Assert.Equal([2L, 3L, 1L], all.Rows.Select(r => r.SubmissionId));
        Assert.Equal("rank,submission,team,submitted_at,mean,b1", LeaderboardExport.Csv(all).Split('\n')[0]);
        Assert.Equal("1,2,team1,2024-06-01T00:02:00.000Z,85,85", LeaderboardExport.Csv(all).Split('\n')[1]);
    }
}
