using System.Text.Json.Nodes;

namespace FaceSynth.Llm.Tests;

public class HarnessTests
{
    private static LlmConfig Config(StubChatServer server, string cacheFile) => new()
    {
        BaseUrl = server.BaseUrl,
        Model = "stub-vision-1",
        MaxAttempts = 2,
        TimeoutS = 5,
        RequestsPerMinute = 0,
        MaxConcurrency = 1,
        MaxBackoffS = 0.01,
        CacheFile = cacheFile,
    };

    /// <summary>Six pairs: three genuine, three impostor, with a hand-written script of answers.</summary>
    private static (IReadOnlyList<VerificationPair> Pairs, string Dir) Pairs()
    {
        var dir = TestImages.NewTempDir();
        var lines = new List<string> { "id,path_a,path_b,label" };
        for (int i = 0; i < 6; i++)
        {
            TestImages.Png(dir, $"a{i}.png", (byte)(i * 30));
            TestImages.Png(dir, $"b{i}.png", (byte)((i * 30) + 10));
            lines.Add($"p{i},a{i}.png,b{i}.png,{(i < 3 ? "genuine" : "impostor")}");
        }

        File.WriteAllLines(Path.Combine(dir, "pairs.csv"), lines);
        return (LlmInputs.ReadPairs(Path.Combine(dir, "pairs.csv")), dir);
    }

    [Fact]
    public async Task Verification_end_to_end_with_hand_counted_metrics_and_cache()
    {
        var (pairs, dir) = Pairs();
        using var server = new StubChatServer();
        // genuine: yes 90 | "no, not the same person" 60 | refusal;  impostor: no 80 | yes 70 | malformed
        foreach (var r in new[]
        {
            StubReply.Answer("{\"same_person\": \"yes\", \"confidence\": 90}"),
            StubReply.Answer("No, not the same person. Confidence: 60"),
            StubReply.Answer("I'm sorry, I can't help with that."),
            StubReply.Answer("```json\n{\"same_person\": \"no\", \"confidence\": 80}\n```"),
            StubReply.Answer("{'same_person': 'yes', 'confidence': 70,}"),
            StubReply.Answer("{\"same_person\": "),
        })
        {
            server.Script.Enqueue(r);
        }

        var cfg = Config(server, Path.Combine(dir, "cache.db"));
        using var client = new OpenAiChatClient(cfg);
        using var cache = new ResponseCache(cfg.CacheFile!);
        var harness = new LlmHarness(cfg, client, cache);
        var records = await harness.VerifyAsync(pairs);
        Assert.Equal([LlmOutcome.Ok, LlmOutcome.Ok, LlmOutcome.Refused, LlmOutcome.Ok, LlmOutcome.Ok, LlmOutcome.Unparseable], records.Select(r => r.Outcome));

        var m = LlmMetrics.Verification(records, pairs, MissingConfidencePolicy.Midpoint);
        // answered: G {yes, no}, I {no, yes}: TP 1, FN 1, TN 1, FP 1
        Assert.Equal(4, m.Answered);
        Assert.Equal(4.0 / 6, m.Coverage, 12);
        Assert.Equal(1.0 / 3, m.FtaGenuine, 12);
        Assert.Equal(1.0 / 3, m.FtaImpostor, 12);
        Assert.Equal(1.0 / 3, m.RefusalRateGenuine, 12);
        Assert.Equal(0.0, m.RefusalRateImpostor);
        Assert.Equal(0.5, m.Accuracy, 12);
        Assert.Equal(0.5, m.Fmr, 12);
        Assert.Equal(0.5, m.Fnmr, 12);
        Assert.Equal(0.5 * (2.0 / 3), m.Far, 12);
        Assert.Equal((1.0 / 3) + (0.5 * (2.0 / 3)), m.Frr, 12);
        Assert.Equal(2.0 / 6, m.AccuracyAll, 12);
        // genuine scores {0.9, -0.6}, impostor {-0.8, 0.7}: pairs won 0.9>-0.8, 0.9>0.7, -0.6>-0.8 -> 3/4
        Assert.Equal(0.75, m.Auc, 12);

        // Second run: every completed answer (refusal included) comes from the cache; the malformed one too.
        int before = server.Requests.Count;
        var again = await harness.VerifyAsync(pairs);
        Assert.Equal(before, server.Requests.Count);
        Assert.All(again, r => Assert.True(r.Cached));
        Assert.Equal(records.Select(r => r.Outcome), again.Select(r => r.Outcome));

        // Replay mode with a different model: nothing cached, nothing sent.
        using var readOnly = new ResponseCache(cfg.CacheFile!, readOnly: true);
        var replay = new LlmHarness(cfg with { Model = "other", Cache = CacheMode.ReadOnly }, null, readOnly);
        var missed = await replay.VerifyAsync(pairs);
        Assert.All(missed, r => Assert.Equal(LlmOutcome.NotCached, r.Outcome));
        Assert.Equal(before, server.Requests.Count);
    }

    [Fact]
    public async Task Errors_are_not_cached_and_side_by_side_image_has_the_spec_size()
    {
        var (pairs, dir) = Pairs();
        using var server = new StubChatServer(_ => StubReply.Http(503));
        var cfg = Config(server, Path.Combine(dir, "cache.db")) with { FaceSize = 32 };
        using var client = new OpenAiChatClient(cfg);
        using var cache = new ResponseCache(cfg.CacheFile!);
        var harness = new LlmHarness(cfg, client, cache);
        var one = await harness.VerifyAsync([pairs[0]]);
        Assert.Equal(LlmOutcome.Error, one[0].Outcome);
        Assert.Equal(2, one[0].Attempts);

        server.Fallback = _ => StubReply.Answer("{\"same_person\": \"yes\", \"confidence\": 90}");
        var retry = await harness.VerifyAsync([pairs[0]]);
        Assert.Equal(LlmOutcome.Ok, retry[0].Outcome);
        Assert.False(retry[0].Cached);

        var last = server.Requests.Last().Body;
        var url = (string)last["messages"]![1]!["content"]![1]!["image_url"]!["url"]!;
        var png = Convert.FromBase64String(url["data:image/png;base64,".Length..]);
        using var bmp = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((2 * 32) + 8, bmp.Width);
        Assert.Equal(32, bmp.Height);
        Assert.Equal(SkiaSharp.SKColors.Black, bmp.GetPixel(32 + 4, 16));
    }

    [Fact]
    public async Task Gender_and_age_metrics_hand_counted()
    {
        var dir = TestImages.NewTempDir();
        var lines = new List<string> { "path,gender,age" };
        (string G, int Age)[] truth = [("female", 25), ("male", 45), ("male", 62), ("female", 15)];
        for (int i = 0; i < truth.Length; i++)
        {
            TestImages.Png(dir, $"f{i}.png", (byte)(i * 50));
            lines.Add($"f{i}.png,{truth[i].G},{truth[i].Age}");
        }

        File.WriteAllLines(Path.Combine(dir, "images.csv"), lines);
        var items = LlmInputs.ReadImages(Path.Combine(dir, "images.csv"));
        using var server = new StubChatServer();
        var cfg = Config(server, Path.Combine(dir, "cache.db")) with { Cache = CacheMode.Off };
        using var client = new OpenAiChatClient(cfg);
        var harness = new LlmHarness(cfg, client);

        foreach (var a in new[] { "{\"gender\":\"female\",\"confidence\":90}", "{\"gender\":\"female\",\"confidence\":60}", "A man.", "Sorry, I cannot determine gender." })
        {
            server.Script.Enqueue(StubReply.Answer(a));
        }

        var g = LlmMetrics.Gender(await harness.ClassifyAsync(LlmTask.Gender, items), items);
        Assert.Equal(3, g.Answered);
        Assert.Equal(2.0 / 3, g.Accuracy, 12);           // f->f, m->f, m->m
        Assert.Equal(1.0, g.Recall["female"]);
        Assert.Equal(0.5, g.Recall["male"]);
        Assert.Equal(0.75, g.BalancedAccuracy, 12);
        Assert.Equal(1, g.Confusion["female"]["none"]);
        Assert.Equal(1, g.Confusion["male"]["female"]);

        foreach (var a in new[] { "{\"age\": 28, \"age_range\": [24, 30]}", "I'd say 40-50.", "{\"age\": 70}", "???" })
        {
            server.Script.Enqueue(StubReply.Answer(a));
        }

        var ages = LlmMetrics.Age(await harness.ClassifyAsync(LlmTask.Age, items), items);
        var all = ages.Single(a => a.Group == "all");
        Assert.Equal(3, all.Answered);
        Assert.Equal((3.0 + 0 + 8) / 3, all.Mae, 12);     // |28-25|, |45-45|, |70-62|
        Assert.Equal(2.0 / 3, all.Cs5, 12);
        Assert.Equal(1.0, all.RangeHitRate);             // 25 in [24,30], 45 in [40,50]
        Assert.Equal(2, all.WithRange);
        Assert.Equal(0, ages.Single(a => a.Group == "0-19").Answered);
        Assert.Equal(8.0, ages.Single(a => a.Group == "60+").Mae, 12);
        _ = JsonNode.Parse("{}");
    }

    [Fact]
    public void Input_errors_name_the_file_and_line()
    {
        var dir = TestImages.NewTempDir();
        var csv = Path.Combine(dir, "pairs.csv");
        File.WriteAllLines(csv, ["path_a,path_b,label", "a.png,b.png,maybe"]);
        var e = Assert.Throws<FaceSynthDataException>(() => LlmInputs.ReadPairs(csv));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
        File.WriteAllLines(csv, ["path_a,label", "a.png,1"]);
        Assert.Contains("path_b", Assert.Throws<FaceSynthDataException>(() => LlmInputs.ReadPairs(csv)).Message, StringComparison.Ordinal);
        Assert.Contains("image file not found", Assert.Throws<FaceSynthDataException>(() => FaceImages.Single(Path.Combine(dir, "nope.png"), 32)).Message, StringComparison.Ordinal);
    }
}
