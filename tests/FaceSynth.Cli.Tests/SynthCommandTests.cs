using System.Text.Json.Nodes;

namespace FaceSynth.Cli.Tests;

public class SynthCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = await CliApp.RunAsync(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task IdentitiesVariationsAndMetricsWriteTheOutputFolders()
    {
        var dir = TestPaths.NewTempDir();
        var ids = Path.Combine(dir, "ids");
        var (code, output, err) = await Run("synth", "identities", "hyperface", "--count", "6", "--dim", "3", "--restarts", "1", "--seed", "5", "--out", ids);
        Assert.True(code == 0, err);
        foreach (var f in new[] { "identities.npy", "manifest.json", "metrics.json", "trace.csv" })
        {
            Assert.True(File.Exists(Path.Combine(ids, f)), f);
        }

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(ids, "manifest.json")))!;
        Assert.Equal("facesynth.synthesis/1", manifest["schema"]!.GetValue<string>());
        Assert.Equal(5UL, manifest["seed"]!.GetValue<ulong>());

        // The octahedron: 90 degrees, a proven optimum (cross-polytope N = 2d).
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(ids, "metrics.json")))!;
        Assert.Equal(90.0, metrics["inter"]!["nn_angle_deg"]!["min"]!.GetValue<double>(), 2);
        Assert.Equal("cross-polytope", metrics["inter"]!["reference"]!["case"]!.GetValue<string>());
        Assert.Contains("gap to reference", output, StringComparison.Ordinal);

        var vars = Path.Combine(dir, "vars");
        (code, _, err) = await Run("synth", "variations", "vmf", "--identities", ids, "--per-identity", "3", "--out", vars);
        Assert.True(code == 0, err);
        (code, _, err) = await Run("synth", "metrics", "--identities", ids, "--variations", vars, "--out", Path.Combine(dir, "m"));
        Assert.True(code == 0, err);
        var m = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "m", "metrics.json")))!;
        Assert.NotNull(m["intra"]!["verification"]!["eer"]);
    }

    [Fact]
    public async Task InvalidParametersExitWithCodeTwoAndOneMessage()
    {
        var dir = TestPaths.NewTempDir();
        var (code, _, err) = await Run("synth", "identities", "uniform", "--count", "1", "--dim", "8", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("--count", err, StringComparison.Ordinal);
        (code, _, err) = await Run("synth", "identities", "hyperface", "--count", "4", "--dim", "8", "--gallery", Path.Combine(dir, "missing.npy"), "--out", dir);
        Assert.Equal(2, code);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LangevinNeighbourListsGiveTheSameIdentitiesAsAllPairs()
    {
        // SYNTHESIS 3.3.3: pairs outside the lists are farther than d0, so the forces are exact.
        var dir = TestPaths.NewTempDir();
        string[] common = ["synth", "identities", "langevin", "--count", "300", "--dim", "16", "--steps", "6", "--seed", "3", "--threads", "2"];
        var (code, _, err) = await Run([.. common, "--neighbour-lists", "on", "--out", Path.Combine(dir, "on")]);
        Assert.True(code == 0, err);
        (code, _, err) = await Run([.. common, "--neighbour-lists", "off", "--out", Path.Combine(dir, "off")]);
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "off", "identities.npy")), File.ReadAllBytes(Path.Combine(dir, "on", "identities.npy")));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "on", "manifest.json")))!.ToJsonString();
        Assert.Contains("neighbour_list_builds", manifest, StringComparison.Ordinal);

        (code, _, err) = await Run([.. common, "--skin-deg", "-1", "--out", Path.Combine(dir, "bad")]);
        Assert.Equal(2, code);
        Assert.Contains("skin", err, StringComparison.OrdinalIgnoreCase);
    }
}
