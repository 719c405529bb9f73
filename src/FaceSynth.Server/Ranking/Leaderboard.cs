namespace FaceSynth.Server.Ranking;

/// <summary>A leaderboard: the ranked entries of one task, sub-task and phase.</summary>
/// <param name="Task">Task id.</param>
/// <param name="Subtask">Sub-task id.</param>
/// <param name="Phase">Phase id.</param>
/// <param name="Ranking">Ranking rule id.</param>
/// <param name="AllSubmissions">False: each team's best submission only (the default); true: every scored submission.</param>
/// <param name="Columns">Metric columns; the first is the ranking metric, the next ones break ties in order.</param>
/// <param name="Rows">Entries, best first.</param>
/// <param name="Demo">Whether this is the built-in demo challenge.</param>
public sealed record Leaderboard(
    string Task,
    string Subtask,
    string Phase,
    string Ranking,
    bool AllSubmissions,
    IReadOnlyList<LeaderboardColumn> Columns,
    IReadOnlyList<LeaderboardRow> Rows,
    bool Demo);

/// <summary>A metric column.</summary>
/// <param name="Id">Machine name (e.g. <c>to</c>, <c>demo-age</c>, <c>demo-balanced/group-a</c>).</param>
/// <param name="Title">Header text.</param>
/// <param name="HigherIsBetter">Direction used for ranking and tie breaking.</param>
public sealed record LeaderboardColumn(string Id, string Title, bool HigherIsBetter);

/// <summary>One entry.</summary>
/// <param name="Rank">1-based position.</param>
/// <param name="SubmissionId">The submission.</param>
/// <param name="Team">Team name.</param>
/// <param name="SubmittedAt">Arrival time (the last tie breaker: earlier is better).</param>
/// <param name="Values">One value per column (null: not available).</param>
/// <param name="Published">Whether the submission page is public.</param>
public sealed record LeaderboardRow(int Rank, long SubmissionId, string Team, DateTimeOffset SubmittedAt, IReadOnlyList<double?> Values, bool Published);
