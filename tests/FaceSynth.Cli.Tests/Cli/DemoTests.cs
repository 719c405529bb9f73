using System.Text.Json;

namespace FaceSynth.Cli.Tests.Cli;

public class DemoTests
{
    private static async Task<string> RunDemo(string dir, int seed)
    {
        var r = await CliRunner.RunAsync("demo", "--out", dir, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--identities", "60");
        Assert.True(r.ExitCode == 0, r.Err);
        return File.ReadAllText(Path.Combine(dir, "summary.json"));
    }

    [Fact]
    public async Task Same_seed_gives_identical_json_and_a_labelled_report()
    {
        var a = await RunDemo(TestPaths.NewTempDir(), 7);
        var b = await RunDemo(TestPaths.NewTempDir(), 7);
        Assert.Equal(a, b);
        var c = await RunDemo(TestPaths.NewTempDir(), 8);
        Assert.NotEqual(a, c);

        var j = JsonDocument.Parse(a).RootElement;
        Assert.True(j.GetProperty("synthetic").GetBoolean());
        Assert.Equal(7, j.GetProperty("seed").GetInt32());

        // 30 identities x 4 samples per half: 30 * C(4,2) genuine and C(120,2) - 180 impostor pairs.
        var v = j.GetProperty("verification");
        Assert.Equal(180, v.GetProperty("genuine").GetInt32());
        Assert.Equal((120 * 119 / 2) - 180, v.GetProperty("impostor").GetInt32());
        Assert.Equal("development", v.GetProperty("thresholds_from").GetString());
    }

    [Fact]
    public async Task Report_is_written_and_says_synthetic()
    {
        var dir = TestPaths.NewTempDir();
        await RunDemo(dir, 3);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("SYNTHETIC", html, StringComparison.Ordinal);
        foreach (var png in new[] { "verification-roc.png", "verification-det.png", "verification-scores.png", "identification-cmc.png" })
        {
            using var bmp = SkiaSharp.SKBitmap.Decode(Path.Combine(dir, png));
            Assert.NotNull(bmp);
            Assert.Equal(800, bmp.Width);
        }
    }

    [Fact]
    public async Task Cancelled_demo_exits_130_without_a_report()
    {
        var dir = TestPaths.NewTempDir();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var r = await CliRunner.RunAsync(cts.Token, "demo", "--out", dir, "--identities", "20");
        Assert.Equal(130, r.ExitCode);
        Assert.False(File.Exists(Path.Combine(dir, "report.html")));
        Assert.False(File.Exists(Path.Combine(dir, "summary.json")));
    }
}
