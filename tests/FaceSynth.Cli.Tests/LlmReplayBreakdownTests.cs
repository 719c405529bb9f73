using System.Text.Json.Nodes;
using FaceSynth.Llm;

namespace FaceSynth.Cli.Tests;

public class LlmReplayBreakdownTests
{
    private static void Png(string path, SkiaSharp.SKColor color)
    {
        using var bmp = new SkiaSharp.SKBitmap(16, 16);
        bmp.Erase(color);
        using var data = bmp.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    [Fact]
    public async Task Replay_from_a_prefilled_sqlite_cache_reports_per_attribute_values()
    {
        var dir = TestPaths.NewTempDir();
        Png(Path.Combine(dir, "a.png"), SkiaSharp.SKColors.Gray);
        Png(Path.Combine(dir, "b.png"), SkiaSharp.SKColors.Olive);
        File.WriteAllLines(Path.Combine(dir, "pairs.csv"),
        [
            "path_a,path_b,label,race_a,race_b",
            "a.png,a.png,1,asian,asian",    // yes: TP
            "a.png,b.png,0,asian,black",    // yes: FP (mixed)
            "b.png,b.png,1,black,black",    // no: FN
        ]);
        var cacheFile = Path.Combine(dir, "cache.db");
        File.WriteAllText(Path.Combine(dir, "llm.json"),
            "{ \"base_url\": \"http://127.0.0.1:9/v1\", \"model\": \"m\", \"cache\": \"ReadOnly\", \"cache_file\": \"" + cacheFile.Replace("\\", "\\\\", StringComparison.Ordinal) + "\" }");

        // Fill the cache as a ReadWrite run would have: keys of the exact requests the replay will compute.
        var cfg = LlmConfig.Load(Path.Combine(dir, "llm.json"));
        using (var cache = new ResponseCache(cacheFile))
        {
            foreach (var (a, b, answer) in new[] { ("a.png", "a.png", "yes"), ("a.png", "b.png", "yes"), ("b.png", "b.png", "no") })
            {
                byte[] png = FaceImages.SideBySide(Path.Combine(dir, a), Path.Combine(dir, b), cfg.FaceSize);
                cache.Put(ChatRequestBuilder.CacheKey(cfg, LlmTask.Verification, [png]), cfg.Model,
                    new ChatResult { Completed = true, Text = $"{{\"same_person\": \"{answer}\", \"confidence\": 90}}", FinishReason = "stop" });
            }
        }

        var err = new StringWriter();
        var outDir = Path.Combine(dir, "out");
        int rc = await CliApp.RunAsync(["llm", "verify", "--config", Path.Combine(dir, "llm.json"), "--pairs", Path.Combine(dir, "pairs.csv"), "--out", outDir], new StringWriter(), err);
        Assert.True(rc == 0, err.ToString());
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "llm.json")))!["metrics"]!;
        Assert.Equal(3, (int)metrics["answered"]!);
        var rows = metrics["by_attribute"]!.AsArray().ToDictionary(r => $"{r!["attribute"]}={r["value"]}", r => r!);
        Assert.Equal(["race=asian", "race=black", "race=mixed"], rows.Keys);
        Assert.Equal(1.0, (double)rows["race=asian"]["accuracy"]!);
        Assert.Equal(1.0, (double)rows["race=black"]["fnmr"]!);
        Assert.Equal(0.0, (double)rows["race=black"]["accuracy"]!);
        Assert.Equal(1.0, (double)rows["race=mixed"]["fmr"]!);
        Assert.Equal(1, (int)rows["race=mixed"]["items"]!);
        Assert.Empty(metrics["by_attribute_skipped"]!.AsArray());
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("Verification by attribute", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>race</td><td class=\"num\">mixed</td><td class=\"num\">1</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_or_a_non_sqlite_file_as_cache_is_exit_2_naming_it()
    {
        var dir = TestPaths.NewTempDir();
        Png(Path.Combine(dir, "a.png"), SkiaSharp.SKColors.Gray);
        File.WriteAllLines(Path.Combine(dir, "pairs.csv"), ["path_a,path_b,label", "a.png,a.png,1"]);
        File.WriteAllText(Path.Combine(dir, "llm.json"), "{ \"base_url\": \"http://127.0.0.1:9/v1\", \"model\": \"m\", \"cache\": \"ReadOnly\" }");
        var bad = Path.Combine(dir, "cache.db");
        File.WriteAllText(bad, new string('x', 4096));
        foreach (var cache in new[] { bad, dir })
        {
            var err = new StringWriter();
            int rc = await CliApp.RunAsync(["llm", "verify", "--config", Path.Combine(dir, "llm.json"), "--pairs", Path.Combine(dir, "pairs.csv"), "--out", Path.Combine(dir, "out"), "--cache", cache], new StringWriter(), err);
            Assert.Equal(2, rc);
            Assert.Contains(cache, err.ToString(), StringComparison.Ordinal);
        }
    }
}
