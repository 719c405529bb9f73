namespace FaceSynth.Server.Data;

/// <summary>
/// The scoring queue: submissions with status <c>queued</c>. A worker claims one with a lease token in one atomic
/// UPDATE, scores it, and stores the result only while it still holds the lease, so a submission is scored at most
/// once per claim and exactly once in total, even when a server is killed mid-way (its claims are released at the
/// next start or when the lease expires).
/// </summary>
public sealed partial class ChallengeStore
{
    /// <summary>Claims the oldest queued submission; null when the queue is empty.</summary>
    public async Task<(Submission Submission, List<StoredFile> Files)?> ClaimAsync(string leaseToken, TimeSpan lease, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        long id;
        await using (var tx = await Database.BeginAsync(c, ct).ConfigureAwait(false))
        {
            var claimed = await c.Command(
                "UPDATE submissions SET status = 'scoring', lease_token = @t, lease_until = @u, attempts = attempts + 1 "
                + $"WHERE id = (SELECT id FROM submissions WHERE status = 'queued' ORDER BY id LIMIT 1{_db.SkipLocked}) AND status = 'queued' RETURNING id", tx)
                .With("t", leaseToken).With("u", Now + (long)lease.TotalMilliseconds).ExecuteScalarAsync(ct).ConfigureAwait(false);
            if (claimed is null or DBNull)
            {
                await tx.RollbackAsync(ct).ConfigureAwait(false);
                return null;
            }

            id = Convert.ToInt64(claimed, System.Globalization.CultureInfo.InvariantCulture);
            await AddEventAsync(c, tx, id, "claimed", null, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }

        Submission? s;
        await using (var r = await c.Command($"SELECT {SubmissionColumns} FROM submissions s JOIN teams t ON t.id = s.team_id WHERE s.id = @i")
            .With("i", id).ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            s = await r.ReadAsync(ct).ConfigureAwait(false) ? ReadSubmission(r) : null;
        }

        var files = new List<StoredFile>();
        await using (var r = await c.Command("SELECT benchmark, file_name, content FROM submission_files WHERE submission_id = @i ORDER BY benchmark")
            .With("i", id).ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                files.Add(new StoredFile(r.GetString(0), r.GetString(1), (byte[])r.GetValue(2)));
            }
        }

        return (s!, files);
    }

    /// <summary>Stores the result of a claimed submission. False when the lease was lost (another worker owns it now).</summary>
    public Task<bool> CompleteAsync(long id, string leaseToken, string resultJson, double rankingMetric, CancellationToken ct = default) =>
        FinishAsync(id, leaseToken, SubmissionStatus.Scored, null, false, resultJson, rankingMetric, ct);

    /// <summary>Marks a claimed submission failed. False when the lease was lost.</summary>
    public Task<bool> FailAsync(long id, string leaseToken, string message, bool serverFault, CancellationToken ct = default) =>
        FinishAsync(id, leaseToken, SubmissionStatus.Failed, message, serverFault, null, null, ct);

    /// <summary>
    /// Returns claimed submissions to the queue: all of them (<paramref name="all"/>, at start-up of the single scoring
    /// server) or those whose lease has expired. Returns the count.
    /// </summary>
    public async Task<int> ReleaseLeasesAsync(bool all, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await Database.BeginAsync(c, ct).ConfigureAwait(false);
        string where = "status = 'scoring'" + (all ? "" : " AND lease_until < @n");
        var ids = new List<long>();
        await using (var r = await c.Command($"SELECT id FROM submissions WHERE {where}", tx).With("n", Now).ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                ids.Add(r.GetLong(0));
            }
        }

        foreach (var id in ids)
        {
            await c.Command("UPDATE submissions SET status = 'queued', lease_token = NULL, lease_until = NULL WHERE id = @i AND status = 'scoring'", tx)
                .With("i", id).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await AddEventAsync(c, tx, id, "released", all ? "server restart" : "lease expired", ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return ids.Count;
    }

    /// <summary>Number of submissions per status (for the organiser and the health endpoint).</summary>
    public async Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await using var r = await c.Command("SELECT status, COUNT(*) FROM submissions GROUP BY status").ExecuteReaderAsync(ct).ConfigureAwait(false);
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            d[r.GetString(0)] = r.GetLong(1);
        }

        return d;
    }

    private async Task<bool> FinishAsync(long id, string leaseToken, string status, string? message, bool serverFault, string? result, double? metric, CancellationToken ct)
    {
        await using var c = await _db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await Database.BeginAsync(c, ct).ConfigureAwait(false);
        int n = await c.Command(
            "UPDATE submissions SET status = @s, message = @m, server_fault = @f, result = @r, ranking_metric = @x, scored_at = @n, lease_token = NULL, lease_until = NULL "
            + "WHERE id = @i AND status = 'scoring' AND lease_token = @t", tx)
            .With("s", status).With("m", message).With("f", serverFault ? 1 : 0).With("r", result).With("x", metric).With("n", Now)
            .With("i", id).With("t", leaseToken).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        if (n == 0)
        {
            await tx.RollbackAsync(ct).ConfigureAwait(false);
            return false;
        }

        await AddEventAsync(c, tx, id, status, message, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }
}
