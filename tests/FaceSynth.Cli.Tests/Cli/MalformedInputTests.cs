namespace FaceSynth.Cli.Tests.Cli;

/// <summary>Every class of bad input ends with exit code 2 and one message naming the culprit.</summary>
public class MalformedInputTests
{
    private static readonly string Dev1 = TestPaths.Data("bob.measure", "v6.1.0", "dev-1.txt");

    private static async Task AssertBadInput(string mustMention, params string[] args)
    {
        var r = await CliRunner.RunAsync(args);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}; stderr: {r.Err}");
        Assert.StartsWith("error: ", r.Err, StringComparison.Ordinal);
        Assert.Contains(mustMention, r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_file()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "nope.txt");
        await AssertBadInput("nope.txt", "eval", "scores", path);
    }

    [Fact]
    public async Task Bad_npy()
    {
        var dir = TestPaths.NewTempDir();
        var g = Path.Combine(dir, "bad.npy");
        File.WriteAllBytes(g, "this is not numpy at all"u8.ToArray());
        var i = Path.Combine(dir, "i.npy");
        CliRunner.WriteNpy(i, [0.1, 0.2, 0.3]);
        await AssertBadInput("bad.npy", "eval", "scores", "--genuine", g, "--impostor", i);
    }

    [Fact]
    public async Task Bad_score_line()
    {
        var f = Path.Combine(TestPaths.NewTempDir(), "scores.txt");
        File.WriteAllText(f, "1 0.5\n-1 0.1\n1 abc\n-1 0.2\n");
        await AssertBadInput("scores.txt", "eval", "scores", f);
    }

    [Fact]
    public async Task Wrong_format_option()
    {
        var r = await CliRunner.RunAsync("eval", "scores", Dev1, "--format", "3col");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("3col", r.Err, StringComparison.Ordinal);
        Assert.Contains("--help", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_side()
    {
        var f = Path.Combine(TestPaths.NewTempDir(), "onlygenuine.txt");
        File.WriteAllText(f, "1 0.5\n1 0.7\n1 0.9\n");
        await AssertBadInput("onlygenuine.txt", "eval", "scores", f);
    }

    [Fact]
    public async Task Dev_eval_format_mismatch_names_the_dev_file()
    {
        // --format applies to both files: a 2-column development file cannot be read as 4-column.
        var eval = TestPaths.Data("bob.measure", "v3.0.0", "test-4col.txt");
        await AssertBadInput("dev-1.txt", "eval", "scores", eval, "--format", "4col", "--dev", Dev1);
    }

    [Fact]
    public async Task Dev_pair_needs_both_sides()
    {
        var dir = TestPaths.NewTempDir();
        var g = Path.Combine(dir, "g.npy");
        CliRunner.WriteNpy(g, [0.5, 0.6]);
        await AssertBadInput("--dev-impostor", "eval", "scores", Dev1, "--dev-genuine", g);
    }

    [Fact]
    public async Task No_input_at_all()
    {
        await AssertBadInput("--genuine", "eval", "scores");
    }

    [Fact]
    public async Task Far_criterion_without_value()
    {
        await AssertBadInput("--far-value", "eval", "scores", Dev1, "--criterion", "far");
    }

    [Fact]
    public async Task Unknown_command_is_exit_2()
    {
        var r = await CliRunner.RunAsync("no-such-command");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: ", r.Err, StringComparison.Ordinal);
    }
}
