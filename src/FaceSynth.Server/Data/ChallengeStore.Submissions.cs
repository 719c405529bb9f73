using System.Data.Common;

namespace FaceSynth.Server.Data;

/// <summary>Submission records: insertion, lookup, limits, publication and re-scoring.</summary>
public sealed partial class ChallengeStore
{
    /// <summary>
    /// Counts a team's submissions to a task that count against the limits (everything but failures of the server):
    /// those since <paramref name="since"/> and all of them.
    /// </summary>
    public async Task<(long Recent, long Total)> CountForLimitsAsync(long teamId, string challenge, string task, DateTimeOffset since, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await using var r = await c.Command(
            "SELECT COALESCE(SUM(CASE WHEN created_at >= @s THEN 1 ELSE 0 END), 0), COUNT(*) FROM submissions WHERE team_id = @t AND challenge = @c AND task = @k AND server_fault = 0")
            .With("s", since.ToUnixTimeMilliseconds()).With("t", teamId).With("c", challenge).With("k", task).ExecuteReaderAsync(ct).ConfigureAwait(false);
        await r.ReadAsync(ct).ConfigureAwait(false);
        return (r.GetLong(0), r.GetLong(1));
    }

    /// <summary>An earlier live (not failed) submission of the team to the same task and sub-task with the same content, or null.</summary>
    public async Task<long?> FindDuplicateAsync(long teamId, string challenge, string task, string subtask, string contentSha, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        var id = await c.Command(
            "SELECT MIN(id) FROM submissions WHERE team_id = @t AND challenge = @c AND task = @k AND subtask = @s AND content_sha = @h AND status <> @f")
            .With("t", teamId).With("c", challenge).With("k", task).With("s", subtask).With("h", contentSha).With("f", SubmissionStatus.Failed)
            .ExecuteScalarAsync(ct).ConfigureAwait(false);
        return id is null or DBNull ? null : Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Records a submission in one transaction: queued with its files, or failed with <paramref name="failure"/>
    /// (no files kept). Returns its id.
    /// </summary>
    public async Task<long> InsertAsync(NewSubmission s, IReadOnlyList<StoredFile> files, string? failure, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(files);
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await Database.BeginAsync(c, ct).ConfigureAwait(false);
        long now = Now;
        var id = Convert.ToInt64(await c.Command(
            "INSERT INTO submissions (challenge, team_id, task, subtask, phase, created_at, status, message, description, training_data, synthetic_images, synthetic_identities, "
            + "real_images, real_identities, content_sha, upload_bytes) VALUES (@c, @t, @k, @s, @p, @n, @st, @m, @d, @td, @si, @sid, @ri, @rid, @h, @b) RETURNING id", tx)
            .With("c", s.Challenge).With("t", s.TeamId).With("k", s.Task).With("s", s.Subtask).With("p", s.Phase).With("n", now)
            .With("st", failure is null ? SubmissionStatus.Queued : SubmissionStatus.Failed).With("m", failure)
            .With("d", s.Description).With("td", s.TrainingData).With("si", s.SyntheticImages).With("sid", s.SyntheticIdentities)
            .With("ri", s.RealImages).With("rid", s.RealIdentities).With("h", failure is null ? s.ContentSha : null).With("b", s.UploadBytes)
            .ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (failure is null)
        {
            foreach (var f in files)
            {
                await c.Command("INSERT INTO submission_files (submission_id, benchmark, file_name, content) VALUES (@i, @b, @n, @c)", tx)
                    .With("i", id).With("b", f.Benchmark).With("n", f.FileName).With("c", f.Content).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }

        await AddEventAsync(c, tx, id, failure is null ? "received" : "rejected", failure, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return id;
    }

    /// <summary>A submission with its result, or null.</summary>
    public async Task<Submission?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await using var r = await c.Command($"SELECT {SubmissionColumns}, s.result FROM submissions s JOIN teams t ON t.id = s.team_id WHERE s.id = @i")
            .With("i", id).ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadSubmission(r) : null;
    }

    /// <summary>Submissions of a challenge, newest first; one team's when <paramref name="teamId"/> is given.</summary>
    public async Task<List<Submission>> ListAsync(string challenge, long? teamId, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        var cmd = c.Command($"SELECT {SubmissionColumns} FROM submissions s JOIN teams t ON t.id = s.team_id WHERE s.challenge = @c"
            + (teamId is null ? "" : " AND s.team_id = @t") + " ORDER BY s.id DESC").With("c", challenge);
        if (teamId is not null)
        {
            cmd.With("t", teamId.Value);
        }

        await using (cmd)
        {
            return await ReadAllAsync(cmd, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Scored submissions of one leaderboard, with results, oldest first.</summary>
    public async Task<List<Submission>> ListScoredAsync(string challenge, string task, string subtask, string phase, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = c.Command($"SELECT {SubmissionColumns}, s.result FROM submissions s JOIN teams t ON t.id = s.team_id "
            + "WHERE s.challenge = @c AND s.task = @k AND s.subtask = @s AND s.phase = @p AND s.status = @st ORDER BY s.id")
            .With("c", challenge).With("k", task).With("s", subtask).With("p", phase).With("st", SubmissionStatus.Scored);
        return await ReadAllAsync(cmd, ct).ConfigureAwait(false);
    }

    /// <summary>Sets whether a submission's page is public. Returns false when it does not exist.</summary>
    public async Task<bool> PublishAsync(long id, bool published, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await Database.BeginAsync(c, ct).ConfigureAwait(false);
        int n = await c.Command("UPDATE submissions SET published = @p WHERE id = @i", tx).With("p", published ? 1 : 0).With("i", id)
            .ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        if (n > 0)
        {
            await AddEventAsync(c, tx, id, published ? "published" : "unpublished", null, ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return n > 0;
    }

    /// <summary>
    /// Puts scored submissions, and submissions that failed during scoring, back into the queue (organiser re-scoring
    /// after a protocol fix). Submissions rejected at upload have no files and stay as they are. Returns the count.
    /// </summary>
    public async Task<int> RequeueAsync(string challenge, long? id, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await Database.BeginAsync(c, ct).ConfigureAwait(false);
        string where = "challenge = @c AND status IN ('scored', 'failed') AND EXISTS (SELECT 1 FROM submission_files f WHERE f.submission_id = submissions.id)"
            + (id is null ? "" : " AND id = @i");
        var select = c.Command($"SELECT id FROM submissions WHERE {where}", tx).With("c", challenge);
        var update = c.Command($"UPDATE submissions SET status = 'queued', message = NULL, server_fault = 0, lease_token = NULL, lease_until = NULL WHERE {where}", tx)
            .With("c", challenge);
        if (id is not null)
        {
            select.With("i", id.Value);
            update.With("i", id.Value);
        }

        var ids = new List<long>();
        await using (select)
        {
            await using var r = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                ids.Add(r.GetLong(0));
            }
        }

        await using (update)
        {
            await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        foreach (var s in ids)
        {
            await AddEventAsync(c, tx, s, "rescore", null, ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return ids.Count;
    }

    /// <summary>The history of a submission, oldest first.</summary>
    public async Task<List<SubmissionEvent>> EventsAsync(long id, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await using var r = await c.Command("SELECT kind, at, detail FROM submission_events WHERE submission_id = @i ORDER BY id").With("i", id)
            .ExecuteReaderAsync(ct).ConfigureAwait(false);
        var list = new List<SubmissionEvent>();
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(new SubmissionEvent(r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetLong(1)), r.GetStringOrNull(2)));
        }

        return list;
    }

    private static async Task<List<Submission>> ReadAllAsync(DbCommand cmd, CancellationToken ct)
    {
        var list = new List<Submission>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            list.Add(ReadSubmission(r));
        }

        return list;
    }

    private async Task AddEventAsync(DbConnection c, DbTransaction tx, long id, string kind, string? detail, CancellationToken ct)
    {
        await using var cmd = c.Command("INSERT INTO submission_events (submission_id, kind, at, detail) VALUES (@i, @k, @a, @d)", tx)
            .With("i", id).With("k", kind).With("a", Now).With("d", detail);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
