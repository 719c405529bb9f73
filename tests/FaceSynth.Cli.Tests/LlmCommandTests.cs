using System.Text.Json.Nodes;

namespace FaceSynth.Cli.Tests;

public class LlmCommandTests
{
    [Fact]
    public async Task Replay_mode_without_cache_entries_reports_not_cached_and_sends_nothing()
    {
        var dir = TestPaths.NewTempDir();
        using (var bmp = new SkiaSharp.SKBitmap(16, 16))
        {
            bmp.Erase(SkiaSharp.SKColors.Gray);
            using var data = bmp.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(dir, "a.png"), data.ToArray());
        }

        File.WriteAllLines(Path.Combine(dir, "pairs.csv"), ["path_a,path_b,label", "a.png,a.png,1", "a.png,a.png,0"]);
        // Port 9 on loopback: nothing listens, and ReadOnly mode must not even try.
        File.WriteAllText(Path.Combine(dir, "llm.json"), "{ \"base_url\": \"http://127.0.0.1:9/v1\", \"model\": \"m\", \"cache\": \"ReadOnly\" }");
        var err = new StringWriter();
        int rc = await CliApp.RunAsync(["llm", "verify", "--config", Path.Combine(dir, "llm.json"), "--pairs", Path.Combine(dir, "pairs.csv"), "--out", Path.Combine(dir, "out")], new StringWriter(), err);
        Assert.True(rc == 0, err.ToString());
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "out", "llm.json")))!;
        Assert.Equal(2, (int)doc["metrics"]!["outcomes"]!["NotCached"]!);
        Assert.Equal(0.0, (double)doc["metrics"]!["coverage"]!);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(dir, "out", "llm_responses.jsonl")).Length);
    }

    [Fact]
    public async Task Missing_model_in_config_is_exit_2()
    {
        var dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, "llm.json"), "{ \"base_url\": \"http://127.0.0.1:9/v1\" }");
        File.WriteAllLines(Path.Combine(dir, "pairs.csv"), ["path_a,path_b", "a.png,b.png"]);
        var err = new StringWriter();
        int rc = await CliApp.RunAsync(["llm", "verify", "--config", Path.Combine(dir, "llm.json"), "--pairs", Path.Combine(dir, "pairs.csv"), "--out", Path.Combine(dir, "out")], new StringWriter(), err);
        Assert.Equal(2, rc);
        Assert.Contains("model is required", err.ToString(), StringComparison.Ordinal);
    }
}
