using FaceSynth.Server.Data;

namespace FaceSynth.Server.Tests;

/// <summary>The store and its queue on both engines: the same migrations, the same semantics.</summary>
public abstract class StorageTests
{
    protected abstract (Database Db, IDisposable Cleanup) Open();

    private static NewSubmission New(long team, int i) => new()
    {
        Challenge = "c",
        TeamId = team,
        Task = "t",
        Subtask = "s",
        Phase = "p",
        Description = $"entry {i}",
        ContentSha = $"sha{i}",
        UploadBytes = 10,
    };

    [SkippableFact]
    public async Task Migrations_are_idempotent_and_the_queue_scores_each_submission_exactly_once()
    {
        var (db, cleanup) = Open();
        using (cleanup)
        using (db)
        {
            Assert.Equal(Migrations.All.Count, await Migrations.ApplyAsync(db));
            Assert.Equal(Migrations.All.Count, await Migrations.ApplyAsync(db));
            var store = new ChallengeStore(db);
            var (team, key) = await store.CreateTeamAsync("Team Q", "q@example.org", "Q");
            Assert.Equal(team.Id, (await store.FindByApiKeyAsync(key))!.Id);
            Assert.Null(await store.FindByApiKeyAsync(key[..^2] + "xx"));
            await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateTeamAsync("team q", "x@example.org", ""));

            const int N = 24;
            var ids = new List<long>();
            for (int i = 0; i < N; i++)
            {
                ids.Add(await store.InsertAsync(New(team.Id, i), [new StoredFile("b", "b.txt", [(byte)i])], null));
            }

            Assert.Equal(ids[3], await store.FindDuplicateAsync(team.Id, "c", "t", "s", "sha3"));
            Assert.Null(await store.FindDuplicateAsync(team.Id, "c", "t", "other", "sha3"));

            // Four workers race for the queue; every claim must be unique.
            var claimed = new System.Collections.Concurrent.ConcurrentBag<long>();
            await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                while (await store.ClaimAsync($"w{w}-{Guid.NewGuid():N}", TimeSpan.FromMinutes(1)) is { } job)
                {
                    claimed.Add(job.Submission.Id);
                    Assert.Equal([(byte)(job.Submission.Id - ids[0])], job.Files.Single().Content);
                    var token = await LeaseOf(db, job.Submission.Id);
                    Assert.True(await store.CompleteAsync(job.Submission.Id, token, "{}", job.Submission.Id));
                }
            })));
            Assert.Equal(ids.Order(), claimed.Order());
            foreach (var id in ids)
            {
                var events = (await store.EventsAsync(id)).Select(e => e.Kind).ToList();
                Assert.Equal(["received", "claimed", "scored"], events);
                Assert.Equal(SubmissionStatus.Scored, (await store.GetAsync(id))!.Status);
            }

            var (recent, total) = await store.CountForLimitsAsync(team.Id, "c", "t", DateTimeOffset.UtcNow.AddDays(-1));
            Assert.Equal((N, N), (recent, total));
        }
    }

    [SkippableFact]
    public async Task A_lost_lease_cannot_store_a_result()
    {
        var (db, cleanup) = Open();
        using (cleanup)
        using (db)
        {
            await Migrations.ApplyAsync(db);
            var store = new ChallengeStore(db);
            var (team, _) = await store.CreateTeamAsync("Team L", "l@example.org", "");
            long id = await store.InsertAsync(New(team.Id, 1), [new StoredFile("b", "b.txt", [1])], null);
            var first = await store.ClaimAsync("lease-1", TimeSpan.FromMinutes(1));
            Assert.Equal(id, first!.Value.Submission.Id);
            Assert.Null(await store.ClaimAsync("lease-x", TimeSpan.FromMinutes(1)));
            Assert.False(await store.CompleteAsync(id, "not-my-lease", "{}", 1));

            // A restart releases the claim; the old worker's late result is refused, the new claim's is stored.
            Assert.Equal(1, await store.ReleaseLeasesAsync(all: true));
            var second = await store.ClaimAsync("lease-2", TimeSpan.FromMinutes(1));
            Assert.False(await store.CompleteAsync(id, "lease-1", "{}", 1));
            Assert.True(await store.FailAsync(id, "lease-2", "bad file", serverFault: false));
            Assert.Equal(["received", "claimed", "released", "claimed", "failed"], (await store.EventsAsync(id)).Select(e => e.Kind));

            // Failures caused by the server do not count against the limits.
            long id2 = await store.InsertAsync(New(team.Id, 2), [new StoredFile("b", "b.txt", [2])], null);
            await store.ClaimAsync("lease-3", TimeSpan.FromMinutes(1));
            Assert.True(await store.FailAsync(id2, "lease-3", "internal", serverFault: true));
            Assert.Equal((1L, 1L), await store.CountForLimitsAsync(team.Id, "c", "t", DateTimeOffset.UtcNow.AddDays(-1)));

            // Re-scoring puts both back (they have files); an upload rejection (no files) stays failed.
            long id3 = await store.InsertAsync(New(team.Id, 3), [], "rejected at upload");
            Assert.Equal(2, await store.RequeueAsync("c", null));
            Assert.Equal(SubmissionStatus.Failed, (await store.GetAsync(id3))!.Status);
            Assert.True(await store.PublishAsync(id, true));
            Assert.True((await store.GetAsync(id))!.Published);
        }
    }

    private static async Task<string> LeaseOf(Database db, long id)
    {
        await using var c = await db.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT lease_token FROM submissions WHERE id = @i";
        var p = cmd.CreateParameter();
        p.ParameterName = "i";
        p.Value = id;
        cmd.Parameters.Add(p);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}

public sealed class SqliteStorageTests : StorageTests
{
    protected override (Database Db, IDisposable Cleanup) Open()
    {
        var dir = FaceSynth.Testing.TestPaths.NewTempDir();
        return (Database.Open(null, dir), new DirectoryCleanup(dir));
    }

    private sealed class DirectoryCleanup(string dir) : IDisposable
    {
        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, true);
        }
    }
}

public sealed class PostgresStorageTests : StorageTests
{
    protected override (Database Db, IDisposable Cleanup) Open()
    {
        var pg = PgSchema.Create();
        return (Database.Open(pg.ConnectionString, FaceSynth.Testing.TestPaths.NewTempDir()), pg);
    }
}

/// <summary>The whole server on PostgreSQL: register, submit, score, rank.</summary>
public sealed class PostgresServerTests
{
    [SkippableFact]
    public async Task Server_runs_on_postgresql()
    {
        using var pg = PgSchema.Create();
        using var server = new PgServerFactory(pg.ConnectionString);
        var (client, _) = await server.RegisterAsync("pg team");
        var (status, json) = await Http.SubmitAsync(client, "performance", [("e.zip", File.ReadAllBytes(server.ExampleZip))]);
        Assert.Equal(202, status);
        var done = await Http.WaitDoneAsync(client, json["id"]!.GetValue<long>());
        Assert.Equal("scored", done["status"]!.GetValue<string>());
        var board = await Http.GetJsonAsync(client, "/api/leaderboards/performance/synthetic");
        Assert.Equal("pg team", board["rows"]![0]!["team"]!.GetValue<string>());
        Assert.Equal(DatabaseKind.Postgres, server.Runtime.Store.Database.Kind);
    }

    private sealed class PgServerFactory(string connection) : ServerFactory
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Database"] = connection };
    }
}
