using System.Data.Common;

namespace FaceSynth.Server.Data;

/// <summary>
/// The schema, as one ordered list of migrations for both engines. Two tokens differ between them:
/// <c>{id}</c> (auto-numbered primary key) and <c>{blob}</c>; the rest is portable SQL.
/// </summary>
public static class Migrations
{
    /// <summary>The migrations in order; index + 1 is the schema version.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        """
        CREATE TABLE teams (
            id {id},
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            email TEXT NOT NULL,
            members TEXT NOT NULL,
            is_organiser INTEGER NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL);
        CREATE TABLE api_keys (
            key_id TEXT PRIMARY KEY,
            team_id BIGINT NOT NULL REFERENCES teams(id),
            salt {blob} NOT NULL,
            hash {blob} NOT NULL,
            created_at BIGINT NOT NULL,
            revoked_at BIGINT);
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            team_id BIGINT NOT NULL REFERENCES teams(id),
            expires_at BIGINT NOT NULL);
        CREATE TABLE submissions (
            id {id},
            challenge TEXT NOT NULL,
            team_id BIGINT NOT NULL REFERENCES teams(id),
            task TEXT NOT NULL,
            subtask TEXT NOT NULL,
            phase TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            status TEXT NOT NULL,
            message TEXT,
            server_fault INTEGER NOT NULL DEFAULT 0,
            description TEXT NOT NULL,
            training_data TEXT NOT NULL,
            synthetic_images BIGINT,
            synthetic_identities BIGINT,
            real_images BIGINT,
            real_identities BIGINT,
            content_sha TEXT,
            upload_bytes BIGINT NOT NULL,
            published INTEGER NOT NULL DEFAULT 0,
            lease_token TEXT,
            lease_until BIGINT,
            attempts INTEGER NOT NULL DEFAULT 0,
            scored_at BIGINT,
            ranking_metric DOUBLE PRECISION,
            result TEXT);
        CREATE INDEX ix_submissions_queue ON submissions (status, id);
        CREATE INDEX ix_submissions_board ON submissions (challenge, task, subtask, phase, status);
        CREATE INDEX ix_submissions_team ON submissions (team_id, challenge, task, created_at);
        CREATE TABLE submission_files (
            submission_id BIGINT NOT NULL REFERENCES submissions(id),
            benchmark TEXT NOT NULL,
            file_name TEXT NOT NULL,
            content {blob} NOT NULL,
            PRIMARY KEY (submission_id, benchmark));
        CREATE TABLE submission_events (
            id {id},
            submission_id BIGINT NOT NULL REFERENCES submissions(id),
            kind TEXT NOT NULL,
            at BIGINT NOT NULL,
            detail TEXT);
        CREATE INDEX ix_events_submission ON submission_events (submission_id);
        """,
    ];

    /// <summary>Brings the schema up to date; safe to call from several processes at once.</summary>
    public static async Task<int> ApplyAsync(Database db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await Database.BeginAsync(c, ct).ConfigureAwait(false);
        if (db.Kind == DatabaseKind.Postgres)
        {
            // Serialises concurrent starts; released at commit.
            await c.Command("SELECT pg_advisory_xact_lock(746574)", tx).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await c.Command("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)", tx)
            .ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        var current = await c.Command("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", tx).ExecuteScalarAsync(ct).ConfigureAwait(false);
        int version = Convert.ToInt32(current, System.Globalization.CultureInfo.InvariantCulture);
        if (version > All.Count)
        {
            throw new InvalidOperationException($"the database has schema version {version}, newer than this FaceSynth ({All.Count}); upgrade FaceSynth");
        }

        for (int v = version; v < All.Count; v++)
        {
            string sql = All[v].Replace("{id}", db.IdColumn, StringComparison.Ordinal).Replace("{blob}", db.BlobColumn, StringComparison.Ordinal);
            foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                await c.Command(statement, tx).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await c.Command("INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @t)", tx)
                .With("v", v + 1).With("t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return All.Count;
    }
}
