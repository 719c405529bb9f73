using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace FaceSynth.Llm.Tests;

public class ResponseCacheTests
{
    private static readonly string KeyA = new('a', 64);
    private static readonly string KeyB = new('b', 64);

    private static (IReadOnlyList<VerificationPair> Pairs, string Dir) Pairs(int n)
    {
        var dir = TestImages.NewTempDir();
        var lines = new List<string> { "id,path_a,path_b,label" };
        for (int i = 0; i < n; i++)
        {
            TestImages.Png(dir, $"a{i}.png", (byte)(i * 7));
            TestImages.Png(dir, $"b{i}.png", (byte)((i * 7) + 3));
            lines.Add($"p{i},a{i}.png,b{i}.png,{(i % 2 == 0 ? "genuine" : "impostor")}");
        }

        File.WriteAllLines(Path.Combine(dir, "pairs.csv"), lines);
        return (LlmInputs.ReadPairs(Path.Combine(dir, "pairs.csv")), dir);
    }

    private static ChatResult Answer(string text) => new()
    {
        Completed = true,
        Text = text,
        FinishReason = "stop",
        ResponseModel = "served-model",
        Usage = "{\"total_tokens\":7}",
        SystemFingerprint = "fp1",
    };

    [Fact]
    public async Task Concurrent_first_run_then_read_only_replay_sends_nothing_and_gives_identical_records()
    {
        var (pairs, dir) = Pairs(16);
        int served = 0;
        // Every 5th request is refused, every 7th fails with 500 (max_attempts 1, so an Error that must not be cached).
        using var server = new StubChatServer(_ =>
        {
            int n = Interlocked.Increment(ref served);
            return n % 7 == 0 ? StubReply.Http(500)
                : n % 5 == 0 ? StubReply.Answer("I'm sorry, I can't help with that.")
                : StubReply.Answer($"{{\"same_person\": \"{(n % 2 == 0 ? "yes" : "no")}\", \"confidence\": {50 + n}}}");
        });
        var file = Path.Combine(dir, "cache", "llm.db");
        var cfg = new LlmConfig
        {
            BaseUrl = server.BaseUrl,
            Model = "stub-vision-1",
            MaxAttempts = 1,
            TimeoutS = 10,
            RequestsPerMinute = 0,
            MaxConcurrency = 8,
            MaxBackoffS = 0.01,
        };

        LlmRecord[] first;
        using (var client = new OpenAiChatClient(cfg))
        using (var cache = new ResponseCache(file))
        {
            first = await new LlmHarness(cfg, client, cache).VerifyAsync(pairs);
        }

        int errors = first.Count(r => r.Outcome == LlmOutcome.Error);
        Assert.Equal(16, server.Requests.Count);
        Assert.Equal(16 / 7, errors);                     // requests 7 and 14
        Assert.Equal(3, first.Count(r => r.Outcome == LlmOutcome.Refused)); // requests 5, 10, 15

        int before = server.Requests.Count;
        using var replayCache = new ResponseCache(file, readOnly: true);
        Assert.Equal(16 - errors, replayCache.Count());
        var replay = await new LlmHarness(cfg with { Cache = CacheMode.ReadOnly }, null, replayCache).VerifyAsync(pairs);
        Assert.Equal(before, server.Requests.Count);
        for (int i = 0; i < first.Length; i++)
        {
            if (first[i].Outcome == LlmOutcome.Error)
            {
                Assert.Equal(LlmOutcome.NotCached, replay[i].Outcome);
                continue;
            }

            Assert.True(replay[i].Cached);
            Assert.Equal(0, replay[i].Attempts);
            // Identical apart from the transport fields (attempts, cached flag, latency).
            Assert.Equal(first[i] with { Attempts = 0, Cached = true, LatencyMs = 0 }, replay[i] with { LatencyMs = 0 });
        }
    }

    [Fact]
    public void Database_has_the_documented_schema_wal_and_full_response()
    {
        var file = Path.Combine(TestImages.NewTempDir(), "c.db");
        using (var cache = new ResponseCache(file))
        {
            cache.Put(KeyA, "requested-model", Answer("{\"same_person\":\"yes\"}"));
            cache.Put(KeyB, "requested-model", new ChatResult { Completed = false, Error = "HTTP 500" });
        }

        using var c = new SqliteConnection($"Data Source={file};Pooling=False");
        c.Open();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT name, type, pk FROM pragma_table_info('responses') ORDER BY cid";
            using var r = cmd.ExecuteReader();
            var cols = new List<string>();
            while (r.Read())
            {
                cols.Add($"{r.GetString(0)} {r.GetString(1)} {r.GetInt64(2)}");
            }

            Assert.Equal(["key TEXT 1", "created_utc TEXT 0", "model TEXT 0", "response_json TEXT 0"], cols);
        }

        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'responses'";
            Assert.Equal(1L, (long)cmd.ExecuteScalar()!);
            cmd.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", (string)cmd.ExecuteScalar()!);
            cmd.CommandText = "SELECT COUNT(*) FROM responses";
            Assert.Equal(1L, (long)cmd.ExecuteScalar()!);   // the failed request was not stored
            cmd.CommandText = "SELECT key, created_utc, model, response_json FROM responses";
            using var r = cmd.ExecuteReader();
            Assert.True(r.Read());
            Assert.Equal(KeyA, r.GetString(0));
            var created = DateTime.Parse(r.GetString(1), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
            Assert.True(Math.Abs((DateTime.UtcNow - created).TotalMinutes) < 5);
            Assert.Equal("requested-model", r.GetString(2));
            var json = JsonNode.Parse(r.GetString(3))!;
            Assert.Equal("{\"same_person\":\"yes\"}", (string)json["text"]!);
            Assert.Equal("stop", (string)json["finish_reason"]!);
            Assert.Equal("served-model", (string)json["model"]!);
            Assert.Equal(7, (int)json["usage"]!["total_tokens"]!);
            Assert.Equal("fp1", (string)json["system_fingerprint"]!);
        }
    }

    [Fact]
    public void Round_trip_first_answer_wins_and_parallel_writers_from_two_handles()
    {
        var file = Path.Combine(TestImages.NewTempDir(), "c.db");
        using var one = new ResponseCache(file);
        using var two = new ResponseCache(file);
        one.Put(KeyA, "m", Answer("first"));
        two.Put(KeyA, "m", Answer("second"));
        var got = two.TryGet(KeyA)!;
        Assert.Equal("first", got.Text);
        Assert.True(got.Cached && got.Completed);
        Assert.Equal("{\"total_tokens\":7}", got.Usage);
        Assert.Equal("served-model", got.ResponseModel);
        Assert.Null(one.TryGet(KeyB));

        var keys = Enumerable.Range(0, 100).Select(i => Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i)))).ToArray();
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => (i % 2 == 0 ? one : two).Put(keys[i % 100], "m", Answer(keys[i % 100])));
        Assert.Equal(101, one.Count());
        Assert.All(keys, k => Assert.Equal(k, one.TryGet(k)!.Text));
    }

    [Fact]
    public void Non_sqlite_damaged_foreign_and_folder_caches_give_errors_naming_the_file()
    {
        var dir = TestImages.NewTempDir();
        var text = Path.Combine(dir, "notes.db");
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("this is not a database\n", 200)));
        foreach (bool ro in new[] { false, true })
        {
            var e = Assert.Throws<FaceSynthDataException>(() => new ResponseCache(text, ro));
            Assert.Contains(text, e.Message, StringComparison.Ordinal);
            Assert.Contains("not an SQLite database", e.Message, StringComparison.Ordinal);
        }

        // A real cache whose header was overwritten.
        var damaged = Path.Combine(dir, "damaged.db");
        using (var c = new ResponseCache(damaged))
        {
            c.Put(KeyA, "m", Answer("x"));
        }

        SqliteConnection.ClearAllPools();
        using (var fs = new FileStream(damaged, FileMode.Open, FileAccess.Write))
        {
            fs.Write(Encoding.ASCII.GetBytes("garbage garbage!"));
        }

        Assert.Contains(damaged, Assert.Throws<FaceSynthDataException>(() => new ResponseCache(damaged)).Message, StringComparison.Ordinal);

        // Somebody else's SQLite database: refused in both modes, and left unchanged.
        var foreign = Path.Combine(dir, "other.db");
        using (var c = new SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE scores(x REAL)";
            cmd.ExecuteNonQuery();
        }

        foreach (bool ro in new[] { false, true })
        {
            var e = Assert.Throws<FaceSynthDataException>(() => new ResponseCache(foreign, ro));
            Assert.Contains(foreign, e.Message, StringComparison.Ordinal);
            Assert.Contains("'responses'", e.Message, StringComparison.Ordinal);
        }

        Assert.Contains("SQLite file", Assert.Throws<FaceSynthDataException>(() => new ResponseCache(dir)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_only_cache_of_a_missing_file_is_empty_and_creates_nothing()
    {
        var file = Path.Combine(TestImages.NewTempDir(), "sub", "none.db");
        using var cache = new ResponseCache(file, readOnly: true);
        Assert.False(cache.Exists);
        Assert.Null(cache.TryGet(KeyA));
        Assert.Equal(0, cache.Count());
        Assert.Throws<InvalidOperationException>(() => cache.Put(KeyA, "m", Answer("x")));
        Assert.False(Directory.Exists(Path.GetDirectoryName(file)));
    }

    [Fact]
    public void Canonical_json_sorts_keys_and_escapes_only_what_json_requires()
    {
        var node = JsonNode.Parse("{\"b\": [1, 2.5, true, null], \"a\": {\"z\": \"Zoë \\\"q\\\" <a&b> 'x' +\", \"y\": \"tab\\there\\u0001\"}, \"A\": 0}");
        Assert.Equal("{\"A\":0,\"a\":{\"y\":\"tab\\there\\u0001\",\"z\":\"Zoë \\\"q\\\" <a&b> 'x' +\"},\"b\":[1,2.5,true,null]}", ChatRequestBuilder.Canonical(node));
    }

    [Fact]
    public void Cache_key_is_sha256_of_the_hand_built_canonical_request()
    {
        byte[] png = [1, 2, 3, 4];
        var cfg = new LlmConfig { BaseUrl = "HTTP://Example.org/V1/", Model = "m", PairLayout = PairLayout.TwoImages };
        string text = Prompts.UserText(LlmTask.Gender, cfg.PairLayout, cfg.Framing, cfg.PromptSet);
        string imageHash = Convert.ToHexStringLower(SHA256.HashData(png));
        string expected = "{\"base_url\":\"http://example.org/v1\",\"max_tokens\":300,\"messages\":["
            + "{\"content\":\"" + Prompts.System + "\",\"role\":\"system\"},"
            + "{\"content\":[{\"text\":\"" + text.Replace("\"", "\\\"", StringComparison.Ordinal) + "\",\"type\":\"text\"},"
            + "{\"image_url\":{\"url\":\"sha256:" + imageHash + "\"},\"type\":\"image_url\"}],\"role\":\"user\"}],"
            + "\"model\":\"m\",\"prompt_set\":\"v1\",\"temperature\":0}";
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(expected))), ChatRequestBuilder.CacheKey(cfg, LlmTask.Gender, [png]));

        // Transport settings do not change the key; request parameters and image bytes do.
        string key = ChatRequestBuilder.CacheKey(cfg, LlmTask.Gender, [png]);
        Assert.Equal(key, ChatRequestBuilder.CacheKey(cfg with { BaseUrl = "http://example.org/v1", TimeoutS = 3, MaxConcurrency = 9 }, LlmTask.Gender, [png]));
        Assert.NotEqual(key, ChatRequestBuilder.CacheKey(cfg with { Seed = 1 }, LlmTask.Gender, [png]));
        Assert.NotEqual(key, ChatRequestBuilder.CacheKey(cfg with { ImageDetail = "low" }, LlmTask.Gender, [png]));
        Assert.NotEqual(key, ChatRequestBuilder.CacheKey(cfg, LlmTask.Gender, [[1, 2, 3, 5]]));
    }
}
