using System.Globalization;
using System.Text;
using System.Text.Json;
using FaceSynth.Embeddings;

namespace FaceSynth.Cli.Tests.Cli;

/// <summary>
/// <c>eval ijb</c> on a hand-made IJB-C meta folder whose template features are known in closed form:
/// <code>
/// T1 = mean(media 10: 1.0 (2,0,0,0), 0.5 (0,2,0,0)) + media 11: (0,0,0,1) = (1, .5, 0, 1) -> (2/3, 1/3, 0, 2/3)
/// T2 = e1, T3 = e3, T4 = (0,1,0,1)/sqrt 2, T5 = e2, T6 = (.6, 0, .8, 0), T7 = T8 = e4
/// </code>
/// Pair scores (label): 2/3 (1), 0 (0), 1/sqrt 2 (1), .8 (1), 1/3 (0), .4 (1), .6 (0), 0, 0, 0 (0).
/// Genuine .8, .7071, .6667, .4 against impostors .6, .3333, 0 x 4: the scikit-learn ROC (drop_intermediate)
/// is fpr = [0, 0, 0, 1/6, 1/6, 1/3, 1], tpr = [0, .25, .75, .75, 1, 1, 1]; reversed, the nearest FPR to
/// 1e-6 .. 1e-2 is 0 (first such index: TPR .75), to 1e-1 it is 1/6 (TPR 1). AUC = 23/24 (one of the 24
/// genuine/impostor orderings is wrong).
/// </summary>
public class EvalIjbTests
{
    // name, template, media, feature, faceness; deliberately not sorted by template or media.
    private static readonly (string Name, int Tid, int Mid, float[] F, float Faceness)[] Images =
    [
        ("img4.jpg", 2, 20, [4, 0, 0, 0], 0.5f),
        ("img1.jpg", 1, 10, [2, 0, 0, 0], 1.0f),
        ("img9.jpg", 6, 60, [3, 0, 4, 0], 1.0f),
        ("img3.jpg", 1, 11, [0, 0, 0, 1], 1.0f),
        ("img2.jpg", 1, 10, [0, 2, 0, 0], 0.5f),
        ("img5.jpg", 3, 30, [0, 0, 3, 0], 1.0f),
        ("img6.jpg", 4, 40, [0, 1, 0, 0], 1.0f),
        ("img8.jpg", 5, 50, [0, 2, 0, 0], 0.25f),
        ("img7.jpg", 4, 41, [0, 0, 0, 1], 1.0f),
        ("img10.jpg", 7, 70, [0, 0, 0, 2], 1.0f),
        ("img11.jpg", 8, 80, [0, 0, 0, 5], 0.2f),
    ];

    private static readonly (int A, int B, int Label, double Score)[] Pairs =
    [
        (1, 2, 1, 2.0 / 3), (1, 3, 0, 0), (1, 4, 1, 1 / Math.Sqrt(2)), (6, 3, 1, 0.8), (1, 5, 0, 1.0 / 3),
        (6, 1, 1, 0.4), (6, 2, 0, 0.6), (2, 3, 0, 0), (3, 5, 0, 0), (2, 4, 0, 0),
    ];

    private static string Meta(string dir)
    {
        var meta = Path.Combine(dir, "meta");
        Directory.CreateDirectory(meta);
        var tidMid = new StringBuilder();
        var pts = new StringBuilder();
        foreach (var im in Images)
        {
            tidMid.Append(CultureInfo.InvariantCulture, $"{im.Name} {im.Tid} {im.Mid}\n");
            pts.Append(CultureInfo.InvariantCulture, $"{im.Name} 46.06 62.02 87.78 60.32 68.85 77.65 52.16 99.87 86.45 98.64 {im.Faceness}\n");
        }

        File.WriteAllText(Path.Combine(meta, "ijbc_face_tid_mid.txt"), tidMid.ToString());
        File.WriteAllText(Path.Combine(meta, "ijbc_name_5pts_score.txt"), pts.ToString());
        File.WriteAllText(Path.Combine(meta, "ijbc_template_pair_label.txt"), string.Concat(Pairs.Select(p => $"{p.A} {p.B} {p.Label}\n")));
        File.WriteAllText(Path.Combine(meta, "ijbc_1N_gallery_G1.csv"), "TEMPLATE_ID,SUBJECT_ID,FILENAME\n2,1,img4.jpg\n3,2,img5.jpg\n");
        File.WriteAllText(Path.Combine(meta, "ijbc_1N_gallery_G2.csv"), "TEMPLATE_ID,SUBJECT_ID,FILENAME\n5,5,img8.jpg\n8,4,img11.jpg\n");
        File.WriteAllText(Path.Combine(meta, "ijbc_1N_probe_mixed.csv"), "TEMPLATE_ID,SUBJECT_ID,FILENAME\n1,1,img1.jpg\n1,1,img2.jpg\n1,1,img3.jpg\n6,1,img9.jpg\n7,4,img10.jpg\n");
        return meta;
    }

    private static string Features(string dir, bool flipHalves = false)
    {
        var path = Path.Combine(dir, flipHalves ? "F2.npy" : "F.npy");
        var rows = Images.Select(im => flipHalves
            ? [.. im.F.Select(x => x * 0.25f), .. im.F.Select(x => x * 0.75f)]
            : im.F).ToArray();
        Npy.Write(path, new EmbeddingMatrix([.. rows.SelectMany(r => r)], rows.Length, rows[0].Length));
        return path;
    }

    /// <summary>Reads a 1-D little-endian float64 .npy by hand (checks the dtype the command promises).</summary>
    private static double[] ReadF8(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(0x93, bytes[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(bytes, 1, 5));
        int headerLen = bytes[8] | (bytes[9] << 8);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLen);
        Assert.Contains("'descr': '<f8'", header, StringComparison.Ordinal);
        int start = 10 + headerLen;
        var values = new double[(bytes.Length - start) / 8];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BitConverter.ToDouble(bytes, start + (8 * i));
        }

        return values;
    }

    [Fact]
    public async Task Scores_tar_table_auc_and_one_to_n_match_the_closed_form()
    {
        var dir = TestPaths.NewTempDir();
        var meta = Meta(dir);
        var json = Path.Combine(dir, "out.json");
        var scoresDir = Path.Combine(dir, "scores");
        var r = await CliRunner.RunAsync("eval", "ijb", "--meta", meta, "--features", Features(dir), "--target", "ijbc", "--scores-out", scoresDir,
            "--one-to-n", "--json", json, "--report", Path.Combine(dir, "report"));
        Assert.True(r.ExitCode == 0, r.Err);

        var scores = ReadF8(Path.Combine(scoresDir, "ijbc.npy"));
        Assert.Equal(Pairs.Length, scores.Length);
        for (int i = 0; i < Pairs.Length; i++)
        {
            Assert.Equal(Pairs[i].Score, scores[i], 6);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var j = doc.RootElement;
        Assert.Equal(11, j.GetProperty("images").GetInt32());
        Assert.Equal(8, j.GetProperty("templates").GetInt32());
        Assert.Equal(4, j.GetProperty("genuine").GetInt32());
        Assert.Equal(6, j.GetProperty("impostor").GetInt32());
        Assert.Equal(23.0 / 24, j.GetProperty("auc").GetDouble(), 12);
        var table = j.GetProperty("tar_at_far").EnumerateArray().ToArray();
        Assert.Equal([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1], table.Select(t => t.GetProperty("target_far").GetDouble()));
        Assert.Equal(["75.00", "75.00", "75.00", "75.00", "75.00", "100.00"], table.Select(t => t.GetProperty("text").GetString()));
        Assert.Equal(1.0 / 6, table[5].GetProperty("far").GetDouble(), 12);
        Assert.Equal(0.0, table[0].GetProperty("far").GetDouble());
        var row = r.Out.Split('\n').Single(l => l.StartsWith("F ", StringComparison.Ordinal));
        Assert.Equal(["F", "75.00", "75.00", "75.00", "75.00", "75.00", "100.00"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        // 1:N. G1 = {T2: subject 1, T3: subject 2}, G2 = {T5: 5, T8: 4}; probes T1 (1), T6 (1), T7 (4).
        // G1: T1 ranks 1st (2/3 vs 0), T6 2nd (.6 vs .8); non-mated T7 tops at 0.
        // G2: T7 1st (1 vs 0); non-mated maxima T1 2/3, T6 0.
        // top-1 = 2/3, top-5 = 1; TPIR: G1 threshold 0 -> T1 only = 1/2; G2 threshold 2/3 -> T7 = 1; mean .75.
        var id = j.GetProperty("identification");
        Assert.Equal(2.0 / 3, id.GetProperty("top1").GetDouble(), 12);
        Assert.Equal(1.0, id.GetProperty("top5").GetDouble(), 12);
        var tp = id.GetProperty("tpir_at_fpir").EnumerateArray().ToArray();
        Assert.Equal([0.01, 0.1], tp.Select(t => t.GetProperty("fpir").GetDouble()));
        Assert.All(tp, t => Assert.Equal(0.75, t.GetProperty("tpir").GetDouble(), 12));
        Assert.Equal(0.0, tp[0].GetProperty("thresholds")[0].GetDouble(), 6);
        Assert.Equal(2.0 / 3, tp[0].GetProperty("thresholds")[1].GetDouble(), 6);
        Assert.Equal(101, id.GetProperty("fpir_grid").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(dir, "report", "report.html")));
        Assert.True(File.Exists(Path.Combine(dir, "report", "roc.png")));
    }

    [Fact]
    public async Task Pooling_switches_and_flip_halves_change_scores_as_expected()
    {
        var dir = TestPaths.NewTempDir();
        var meta = Meta(dir);

        // Without faceness T1 = (1, 1, 0, 1)/sqrt 3: pair 1 (with e1) scores 1/sqrt 3, pair 3 (with T4) 2/sqrt 6.
        var plain = Path.Combine(dir, "plain.npy");
        var r = await CliRunner.RunAsync("eval", "ijb", "--meta", meta, "--features", Features(dir), "--target", "ijbc", "--faceness", "false", "--scores-out", plain);
        Assert.True(r.ExitCode == 0, r.Err);
        var s = ReadF8(plain);
        Assert.Equal(1 / Math.Sqrt(3), s[0], 6);
        Assert.Equal(2 / Math.Sqrt(6), s[2], 6);

        // [0.25 f | 0.75 f] rows add back to f: the default scores again.
        var halves = Path.Combine(dir, "halves.npy");
        r = await CliRunner.RunAsync("eval", "ijb", "--meta", meta, "--features", Features(dir, flipHalves: true), "--target", "ijbc", "--flip-halves", "--scores-out", halves);
        Assert.True(r.ExitCode == 0, r.Err);
        s = ReadF8(halves);
        for (int i = 0; i < Pairs.Length; i++)
        {
            Assert.Equal(Pairs[i].Score, s[i], 6);
        }
    }

    [Theory]
    [InlineData("name")]
    [InlineData("column")]
    [InlineData("rows")]
    [InlineData("missing")]
    public async Task Malformed_meta_is_bad_input_naming_the_file(string defect)
    {
        var dir = TestPaths.NewTempDir();
        var meta = Meta(dir);
        var features = Features(dir);
        string mention;
        switch (defect)
        {
            case "name":
                var pts = Path.Combine(meta, "ijbc_name_5pts_score.txt");
                var lines = File.ReadAllLines(pts);
                lines[2] = lines[2].Replace("img9.jpg", "img99.jpg", StringComparison.Ordinal);
                File.WriteAllLines(pts, lines);
                mention = "ijbc_name_5pts_score.txt: line 3";
                break;
            case "column":
                var tm = Path.Combine(meta, "ijbc_face_tid_mid.txt");
                var l2 = File.ReadAllLines(tm);
                l2[4] = "img2.jpg 1";
                File.WriteAllLines(tm, l2);
                mention = "ijbc_face_tid_mid.txt: line 5";
                break;
            case "rows":
                Npy.Write(features, new EmbeddingMatrix(new float[40], 10, 4));
                mention = "F.npy";
                break;
            default:
                File.Delete(Path.Combine(meta, "ijbc_template_pair_label.txt"));
                mention = "ijbc_template_pair_label.txt";
                break;
        }

        var r = await CliRunner.RunAsync("eval", "ijb", "--meta", meta, "--features", features, "--target", "ijbc");
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Err}");
        Assert.StartsWith("error: ", r.Err, StringComparison.Ordinal);
        Assert.Contains(mention, r.Err, StringComparison.Ordinal);
    }
}
