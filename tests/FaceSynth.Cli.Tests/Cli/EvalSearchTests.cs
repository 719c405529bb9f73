using System.Text.Json;
using FaceSynth.Embeddings;

namespace FaceSynth.Cli.Tests.Cli;

/// <summary>
/// <c>eval search</c> on a gallery of three orthogonal identities (e1, e2, e3) whose ranks are known by hand:
/// p0 (id 1) ranks 1st, p1 (id 2) 2nd, p2 (id 3) 3rd, p3 (id 1) 1st with a low score 0.0995;
/// p4 and p5 (ids 9, 8) are not in the gallery, with top cosine 0.5 and 0.
/// </summary>
public class EvalSearchTests
{
    private static readonly float[][] Probes =
    [
        [3f, 0.3f, 0, 0],           // cos to e1 = 1/sqrt(1.01) = 0.995, to e2 = 0.0995
        [0.9f, 0.5f, 0, 0],         // e1 0.874 above its mate e2 0.486
        [0.8f, 0.6f, 0.3f, 0],      // e1 > e2 > its mate e3
        [0.1f, 0, 0, 1],            // mate e1 at 0.0995, every other 0
        [2f, 2f, 2f, 2f],           // cos 0.5 to every gallery row
        [0, 0, 0, 5f],              // cos 0
    ];

    private static string WriteMatrix(string dir, string name, float[][] rows)
    {
        var path = Path.Combine(dir, name);
        Npy.Write(path, new EmbeddingMatrix([.. rows.SelectMany(r => r)], rows.Length, rows[0].Length));
        return path;
    }

    private static async Task<(JsonElement Json, CliRunner.Result Run)> Run(params string[] extra)
    {
        var dir = TestPaths.NewTempDir();
        var p = WriteMatrix(dir, "P.npy", Probes);
        var g = WriteMatrix(dir, "G.npy", [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]);
        var pl = Path.Combine(dir, "probe-labels.txt");
        File.WriteAllText(pl, "1\n2\n3\n1\n9\n8\n");
        var gl = Path.Combine(dir, "gallery-labels.npy");
        Npy.Write(gl, new long[] { 1, 2, 3 });
        var json = Path.Combine(dir, "out.json");
        var r = await CliRunner.RunAsync(["eval", "search", "--probes", p, "--probe-labels", pl, "--gallery", g, "--gallery-labels", gl, "--json", json, .. extra]);
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        return (doc.RootElement.Clone(), r);
    }

    [Fact]
    public async Task Ranks_cmc_tpir_and_open_set_rates_match_the_hand_counts()
    {
        var (j, run) = await Run("--ranks", "1,2,3", "--max-rank", "3", "--fpir", "0.5,1", "--threshold", "0.3", "--report", Path.Combine(TestPaths.NewTempDir(), "rep"));
        Assert.Equal(6, j.GetProperty("probes").GetInt32());
        Assert.Equal(4, j.GetProperty("mated_probes").GetInt32());
        Assert.Equal(2, j.GetProperty("non_mated_probes").GetInt32());

        var ranks = j.GetProperty("ranks").EnumerateArray().ToArray();
        Assert.Equal([1, 2, 3], ranks.Select(x => x.GetProperty("rank").GetInt32()));
        Assert.Equal([2, 3, 4], ranks.Select(x => x.GetProperty("correct").GetInt32()));
        Assert.Equal([0.5, 0.75, 1.0], ranks.Select(x => x.GetProperty("rate").GetDouble()));
        Assert.Equal([0.5, 0.75, 1.0], j.GetProperty("cmc").EnumerateArray().Select(x => x.GetDouble()));

        // Non-mated maxima, descending: [0.5, 0]. FPIR 0.5 reads index max(floor(2 * 0.5) - 1, 0) = 0 -> 0.5;
        // FPIR 1 reads index 1 -> 0. Rank-1 mated scores above it: p0 only (0.995), then p0 and p3 (0.0995).
        var tpir = j.GetProperty("tpir_at_fpir").EnumerateArray().ToArray();
        Assert.Equal(0.5, tpir[0].GetProperty("threshold").GetDouble(), 6);
        Assert.Equal(0.25, tpir[0].GetProperty("tpir").GetDouble());
        Assert.Equal(0.0, tpir[1].GetProperty("threshold").GetDouble(), 6);
        Assert.Equal(0.5, tpir[1].GetProperty("tpir").GetDouble());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("tpir_reason").ValueKind);

        // bob at t = 0.3: DIR = rank-1 mated scores >= 0.3 (p0) / 4; false alarms = non-mated tops >= 0.3 (p4) / 2.
        var open = j.GetProperty("open_set")[0];
        Assert.Equal(0.25, open.GetProperty("dir").GetDouble());
        Assert.Equal(0.5, open.GetProperty("fpir").GetDouble());
        Assert.Contains("rank-2 identification rate", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tie_rule_decides_an_exact_tie_and_closed_sets_explain_missing_tpir()
    {
        var dir = TestPaths.NewTempDir();
        var p = WriteMatrix(dir, "P.npy", [[1, 1, 0]]);                    // equal cosine to e1 and to its mate e2
        var g = WriteMatrix(dir, "G.npy", [[1, 0, 0], [0, 1, 0]]);
        var pl = Path.Combine(dir, "pl.txt");
        File.WriteAllText(pl, "b\n");
        var gl = Path.Combine(dir, "gl.txt");
        File.WriteAllText(gl, "a\nb\n");
        foreach (var (rule, rank1) in new[] { ("pessimistic", 0.0), ("optimistic", 1.0) })
        {
            var json = Path.Combine(dir, rule + ".json");
            var r = await CliRunner.RunAsync("eval", "search", "--probes", p, "--probe-labels", pl, "--gallery", g, "--gallery-labels", gl, "--ranks", "1", "--tie-rule", rule, "--json", json);
            Assert.True(r.ExitCode == 0, r.Err);
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal(rank1, doc.RootElement.GetProperty("ranks")[0].GetProperty("rate").GetDouble());
            Assert.Equal(0, doc.RootElement.GetProperty("tpir_at_fpir").GetArrayLength());
            Assert.Contains("closed set", doc.RootElement.GetProperty("tpir_reason").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Bad_inputs_name_the_file()
    {
        var dir = TestPaths.NewTempDir();
        var p = WriteMatrix(dir, "P.npy", Probes);
        var g = WriteMatrix(dir, "G3.npy", [[1, 0, 0], [0, 1, 0]]);
        var g4 = WriteMatrix(dir, "G.npy", [[1, 0, 0, 0], [0, 1, 0, 0]]);
        var pl = Path.Combine(dir, "short-labels.txt");
        File.WriteAllText(pl, "1\n2\n");
        var pl6 = Path.Combine(dir, "pl6.txt");
        File.WriteAllText(pl6, "1\n2\n3\n4\n5\n6\n");
        var gl = Path.Combine(dir, "gl.txt");
        File.WriteAllText(gl, "1\n2\n");

        async Task Bad(string mention, params string[] args)
        {
            var r = await CliRunner.RunAsync(["eval", "search", .. args]);
            Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Err}");
            Assert.Contains(mention, r.Err, StringComparison.Ordinal);
        }

        await Bad("short-labels.txt", "--probes", p, "--probe-labels", pl, "--gallery", g4, "--gallery-labels", gl);
        await Bad("G3.npy", "--probes", p, "--probe-labels", pl6, "--gallery", g, "--gallery-labels", gl);
        await Bad("--ranks", "--probes", p, "--probe-labels", pl6, "--gallery", g4, "--gallery-labels", gl, "--ranks", "0");
        await Bad("--fpir", "--probes", p, "--probe-labels", pl6, "--gallery", g4, "--gallery-labels", gl, "--fpir", "2");
    }
}
