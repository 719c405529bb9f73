using System.Data.Common;
using FaceSynth.Server.Security;

namespace FaceSynth.Server.Data;

/// <summary>All reads and writes of teams, keys, sessions and submissions (both engines, portable SQL).</summary>
public sealed partial class ChallengeStore
{
    private const string SubmissionColumns =
        "s.id, s.challenge, s.team_id, t.name, s.task, s.subtask, s.phase, s.created_at, s.status, s.message, s.server_fault, s.description, "
        + "s.training_data, s.synthetic_images, s.synthetic_identities, s.real_images, s.real_identities, s.upload_bytes, s.published, s.attempts, "
        + "s.scored_at, s.ranking_metric";

    private readonly Database _db;
    private readonly TimeProvider _time;

    /// <summary>Creates a store over <paramref name="db"/>.</summary>
    public ChallengeStore(Database db, TimeProvider? time = null)
    {
        _db = db;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The database.</summary>
    public Database Database => _db;

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Registers a team and returns it with its API key (the only time the key exists in clear).</summary>
    /// <exception cref="InvalidOperationException">The name is taken.</exception>
    public async Task<(Team Team, string ApiKey)> CreateTeamAsync(string name, string email, string members, bool organiser = false, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await Database.BeginAsync(c, ct).ConfigureAwait(false);
        string key = NameKey(name);
        var exists = await c.Command("SELECT COUNT(*) FROM teams WHERE name_key = @k", tx).With("k", key).ExecuteScalarAsync(ct).ConfigureAwait(false);
        if (Convert.ToInt64(exists, System.Globalization.CultureInfo.InvariantCulture) > 0)
        {
            throw new InvalidOperationException($"a team named '{name}' already exists; choose another name");
        }

        long now = Now;
        var id = await c.Command("INSERT INTO teams (name, name_key, email, members, is_organiser, created_at) VALUES (@n, @k, @e, @m, @o, @t) RETURNING id", tx)
            .With("n", name).With("k", key).With("e", email).With("m", members).With("o", organiser ? 1 : 0).With("t", now)
            .ExecuteScalarAsync(ct).ConfigureAwait(false);
        long teamId = Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
        var (apiKey, keyId, salt, hash) = ApiKeys.Create();
        await c.Command("INSERT INTO api_keys (key_id, team_id, salt, hash, created_at) VALUES (@i, @t, @s, @h, @c)", tx)
            .With("i", keyId).With("t", teamId).With("s", salt).With("h", hash).With("c", now).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return (new Team(teamId, name, email, members, organiser, DateTimeOffset.FromUnixTimeMilliseconds(now)), apiKey);
    }

    /// <summary>Whether an organiser account exists.</summary>
    public async Task<bool> HasOrganiserAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        var n = await c.Command("SELECT COUNT(*) FROM teams WHERE is_organiser = 1").ExecuteScalarAsync(ct).ConfigureAwait(false);
        return Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>The team of a presented API key, or null (unknown, revoked or wrong secret).</summary>
    public async Task<Team?> FindByApiKeyAsync(string apiKey, CancellationToken ct = default)
    {
        if (!ApiKeys.TryParse(apiKey, out var keyId, out var secret))
        {
            return null;
        }

        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await using var r = await c.Command(
            "SELECT k.salt, k.hash, t.id, t.name, t.email, t.members, t.is_organiser, t.created_at FROM api_keys k JOIN teams t ON t.id = k.team_id WHERE k.key_id = @i AND k.revoked_at IS NULL")
            .With("i", keyId).ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await r.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        var salt = (byte[])r.GetValue(0);
        var hash = (byte[])r.GetValue(1);
        return ApiKeys.Verify(secret, salt, hash) ? ReadTeam(r, 2) : null;
    }

    /// <summary>Starts a browser session for a team; returns the cookie token.</summary>
    public async Task<string> CreateSessionAsync(long teamId, TimeSpan lifetime, CancellationToken ct = default)
    {
        string token = ApiKeys.NewToken();
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await c.Command("INSERT INTO sessions (token_hash, team_id, expires_at) VALUES (@h, @t, @e)")
            .With("h", ApiKeys.TokenHash(token)).With("t", teamId).With("e", Now + (long)lifetime.TotalMilliseconds)
            .ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return token;
    }

    /// <summary>The team of a session token, or null when unknown or expired.</summary>
    public async Task<Team?> FindBySessionAsync(string token, CancellationToken ct = default)
    {
        if (token.Length is < 20 or > 100)
        {
            return null;
        }

        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await using var r = await c.Command(
            "SELECT t.id, t.name, t.email, t.members, t.is_organiser, t.created_at FROM sessions s JOIN teams t ON t.id = s.team_id WHERE s.token_hash = @h AND s.expires_at > @n")
            .With("h", ApiKeys.TokenHash(token)).With("n", Now).ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadTeam(r, 0) : null;
    }

    /// <summary>Ends a session.</summary>
    public async Task DeleteSessionAsync(string token, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await c.Command("DELETE FROM sessions WHERE token_hash = @h OR expires_at < @n").With("h", ApiKeys.TokenHash(token)).With("n", Now)
            .ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>All teams that are not the organiser.</summary>
    public async Task<List<Team>> ListTeamsAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await using var r = await c.Command("SELECT id, name, email, members, is_organiser, created_at FROM teams WHERE is_organiser = 0 ORDER BY id")
            .ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<Team>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(ReadTeam(r, 0));
        }

        return list;
    }

    private static string NameKey(string name) => name.Trim().ToLowerInvariant();

    private static Team ReadTeam(DbDataReader r, int o) =>
        new(r.GetLong(o), r.GetString(o + 1), r.GetString(o + 2), r.GetString(o + 3), r.GetLong(o + 4) == 1, DateTimeOffset.FromUnixTimeMilliseconds(r.GetLong(o + 5)));

    private static Submission ReadSubmission(DbDataReader r) => new()
    {
        Id = r.GetLong(0),
        Challenge = r.GetString(1),
        TeamId = r.GetLong(2),
        TeamName = r.GetString(3),
        Task = r.GetString(4),
        Subtask = r.GetString(5),
        Phase = r.GetString(6),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetLong(7)),
        Status = r.GetString(8),
        Message = r.GetStringOrNull(9),
        ServerFault = r.GetLong(10) == 1,
        Description = r.GetString(11),
        TrainingData = r.GetString(12),
        SyntheticImages = r.GetInt64OrNull(13),
        SyntheticIdentities = r.GetInt64OrNull(14),
        RealImages = r.GetInt64OrNull(15),
        RealIdentities = r.GetInt64OrNull(16),
        UploadBytes = r.GetLong(17),
        Published = r.GetLong(18) == 1,
        Attempts = (int)r.GetLong(19),
        ScoredAt = r.GetInt64OrNull(20) is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
        RankingMetric = r.GetDoubleOrNull(21),
        ResultJson = r.FieldCount > 22 ? r.GetStringOrNull(22) : null,
    };
}
