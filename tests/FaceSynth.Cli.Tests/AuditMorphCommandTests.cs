using System.Text.Json.Nodes;
using FaceSynth.Embeddings;

namespace FaceSynth.Cli.Tests;

public class AuditMorphCommandTests
{
    private static readonly double[] Degrees = [0, 10, 25, 45, 70, 100];

    /// <summary>
    /// Six subjects S0..S5 with two identical rows at angle Degrees[k] in a plane (c12 = cos of the angle between
    /// them) and a metadata CSV with gender f, m, f, m, f, m.
    /// </summary>
    private static string Dataset(string dir)
    {
        var m = new EmbeddingMatrix(12, 3);
        var lines = new List<string> { "subject,gender" };
        for (int r = 0; r < 12; r++)
        {
            double a = Degrees[r / 2] * Math.PI / 180;
            m[r, 0] = (float)Math.Cos(a);
            m[r, 1] = (float)Math.Sin(a);
            lines.Add($"S{r / 2},{(r / 2 % 2 == 0 ? "f" : "m")}");
        }

        var npy = Path.Combine(dir, "d.npy");
        Npy.Write(npy, m);
        File.WriteAllLines(Path.Combine(dir, "d.csv"), lines);
        return npy;
    }

    private static async Task<(int Code, string Err)> Run(params string[] args)
    {
        var e = new StringWriter();
        int rc = await CliApp.RunAsync(args, new StringWriter(), e);
        return (rc, e.ToString());
    }

    private static string[][] PairRows(string outDir) =>
        [.. File.ReadAllLines(Path.Combine(outDir, "morph_pairs.csv")).Skip(1).Select(l => l.Split(','))];

    [Fact]
    public async Task Pair_list_is_used_in_file_order_and_recorded()
    {
        var dir = TestPaths.NewTempDir();
        var npy = Dataset(dir);
        var pairs = Path.Combine(dir, "pairs.csv");
        File.WriteAllLines(pairs, ["subject_a,subject_b", "S4,S1", "S0,S5"]);
        var outDir = Path.Combine(dir, "out");
        var (rc, err) = await Run("audit", "morph", "--dataset", npy, "--pairs", "list", "--pairs-file", pairs, "--fmr", "1e-2", "--out", outDir);
        Assert.True(rc == 0, err);
        var rows = PairRows(outDir);
        Assert.Equal([("S4", "S1", "8", "2"), ("S0", "S5", "0", "10")], rows.Select(r => (r[1], r[2], r[3], r[4])));
        Assert.Equal(Math.Cos(60 * Math.PI / 180), double.Parse(rows[0][5], AuditCsv.Inv), 6);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "morph.json")))!;
        Assert.Equal("List", (string?)json["parameters"]!["selection"]);
        Assert.Equal("../pairs.csv", (string?)json["parameters"]!["pairs_file"]);
        Assert.Equal(2, (int)json["results"]!["morphs"]!);

        // A morph_pairs.csv of a run is itself a valid pair list.
        var again = Path.Combine(dir, "again");
        (rc, err) = await Run("audit", "morph", "--dataset", npy, "--pairs", "List", "--pairs-file", Path.Combine(outDir, "morph_pairs.csv"), "--fmr", "1e-2", "--out", again);
        Assert.True(rc == 0, err);
        Assert.Equal(File.ReadAllText(Path.Combine(outDir, "morph_pairs.csv")), File.ReadAllText(Path.Combine(again, "morph_pairs.csv")));
    }

    [Fact]
    public async Task Bad_pair_lists_and_option_mixes_are_exit_2_with_the_line()
    {
        var dir = TestPaths.NewTempDir();
        var npy = Dataset(dir);
        var pairs = Path.Combine(dir, "pairs.csv");
        File.WriteAllLines(pairs, ["subject_a,subject_b", "S0,S1", "S7,S2"]);
        var (rc, err) = await Run("audit", "morph", "--dataset", npy, "--pairs", "List", "--pairs-file", pairs, "--out", Path.Combine(dir, "o"));
        Assert.Equal(2, rc);
        Assert.Contains("line 3: subject 'S7' is not in", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);

        File.WriteAllLines(pairs, ["subject_a,subject_b", "S0,S1", "S1,S0"]);
        (rc, err) = await Run("audit", "morph", "--dataset", npy, "--pairs", "List", "--pairs-file", pairs, "--out", Path.Combine(dir, "o"));
        Assert.Equal(2, rc);
        Assert.Contains("duplicate pair", err, StringComparison.Ordinal);

        (rc, err) = await Run("audit", "morph", "--dataset", npy, "--pairs", "List", "--out", Path.Combine(dir, "o"));
        Assert.Equal(2, rc);
        Assert.Contains("--pairs-file", err, StringComparison.Ordinal);

        (rc, err) = await Run("audit", "morph", "--dataset", npy, "--pairs", "List", "--pairs-file", pairs, "--same-attribute", "gender", "--out", Path.Combine(dir, "o"));
        Assert.Equal(2, rc);
        Assert.Contains("--same-attribute", err, StringComparison.Ordinal);

        (rc, err) = await Run("audit", "morph", "--dataset", npy, "--same-attribute", "age", "--out", Path.Combine(dir, "o"));
        Assert.Equal(2, rc);
        Assert.Contains("no 'age' column", err, StringComparison.Ordinal);
    }

    /// <summary>Same-gender pairs by angle: S0S2 25°, S1S3 35°, S2S4 45°, ...: greedy with one use each gives S0S2, S1S3.</summary>
    [Fact]
    public async Task Same_attribute_keeps_the_greedy_rule_within_equal_values()
    {
        var dir = TestPaths.NewTempDir();
        var npy = Dataset(dir);
        var outDir = Path.Combine(dir, "out");
        var (rc, err) = await Run("audit", "morph", "--dataset", npy, "--same-attribute", "gender", "--count", "3", "--fmr", "1e-2", "--out", outDir);
        Assert.True(rc == 0, err);
        var rows = PairRows(outDir);
        Assert.Equal([("S0", "S2", "f"), ("S1", "S3", "m")], rows.Select(r => (r[1], r[2], r[^1])));
        Assert.Equal("attribute_value", File.ReadLines(Path.Combine(outDir, "morph_pairs.csv")).First().Split(',')[^1]);
        Assert.Equal(Math.Cos(25 * Math.PI / 180), double.Parse(rows[0][5], AuditCsv.Inv), 6);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "morph.json")))!;
        Assert.Equal("gender", (string?)json["parameters"]!["same_attribute"]);
    }
}

/// <summary>Invariant culture for parsing CSV numbers in the audit command tests.</summary>
internal static class AuditCsv
{
    public static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;
}
