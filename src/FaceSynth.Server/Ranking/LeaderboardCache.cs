using System.Collections.Concurrent;
using System.Text.Json;
using FaceSynth.Server.Data;
using FaceSynth.Server.Definitions;
using FaceSynth.Server.Scoring;

namespace FaceSynth.Server.Ranking;

/// <summary>
/// Leaderboards computed once and served from memory (JSON bytes, CSV text and the model for pages) until a result,
/// publication or re-scoring changes them in this process, or for at most <see cref="MaxAge"/> (changes made by another
/// server process on the same PostgreSQL database).
/// </summary>
public sealed class LeaderboardCache
{
    /// <summary>Longest time a cached leaderboard is served without checking the database.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<(string, string, string, bool), Entry> _cache = new();
    private readonly ConcurrentDictionary<long, (DateTimeOffset? ScoredAt, SubmissionResult Result)> _results = new();
    private readonly SemaphoreSlim _build = new(1, 1);
    private readonly ChallengeStore _store;
    private readonly LoadedChallenge _challenge;
    private long _generation;

    /// <summary>Creates the cache.</summary>
    public LeaderboardCache(ChallengeStore store, LoadedChallenge challenge)
    {
        _store = store;
        _challenge = challenge;
    }

    /// <summary>Forgets every cached leaderboard (call after any change of results or publication).</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>The leaderboard, computed when missing or stale.</summary>
    public async Task<CachedLeaderboard> GetAsync(TaskDefinition task, string subtask, string phase, bool all, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var key = (task.Id, subtask, phase, all);
        long gen = Interlocked.Read(ref _generation);
        if (_cache.TryGetValue(key, out var hit) && hit.Generation == gen && DateTimeOffset.UtcNow - hit.At < MaxAge)
        {
            return hit.Value;
        }

        // One rebuild at a time: a burst of readers after a change waits for the first one instead of all querying.
        await _build.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            gen = Interlocked.Read(ref _generation);
            if (_cache.TryGetValue(key, out hit) && hit.Generation == gen && DateTimeOffset.UtcNow - hit.At < MaxAge)
            {
                return hit.Value;
            }

            var subs = await _store.ListScoredAsync(_challenge.Definition.Id, task.Id, subtask, phase, ct).ConfigureAwait(false);
            var entries = subs.Select(s => new RankedEntry(s.Id, s.TeamId, s.TeamName, s.CreatedAt, s.Published, Result(s))).ToList();
            var board = LeaderboardBuilder.Build(_challenge.Definition, task, subtask, phase, entries, all);
            var value = new CachedLeaderboard(board, JsonSerializer.SerializeToUtf8Bytes(board, ServerJson.Options), LeaderboardExport.Csv(board));
            _cache[key] = new Entry(gen, DateTimeOffset.UtcNow, value);
            return value;
        }
        finally
        {
            _build.Release();
        }
    }

    /// <summary>The parsed result of a scored submission (cached by submission and scoring time).</summary>
    public SubmissionResult Result(Submission s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (_results.TryGetValue(s.Id, out var r) && r.ScoredAt == s.ScoredAt)
        {
            return r.Result;
        }

        var parsed = JsonSerializer.Deserialize<SubmissionResult>(s.ResultJson ?? "null", ServerJson.Options)
            ?? throw new InvalidOperationException($"submission {s.Id} has no stored result");
        _results[s.Id] = (s.ScoredAt, parsed);
        return parsed;
    }

    private sealed record Entry(long Generation, DateTimeOffset At, CachedLeaderboard Value);
}

/// <summary>A computed leaderboard with its serialised forms.</summary>
/// <param name="Board">The model.</param>
/// <param name="Json">UTF-8 JSON.</param>
/// <param name="Csv">CSV text.</param>
public sealed record CachedLeaderboard(Leaderboard Board, byte[] Json, string Csv);
