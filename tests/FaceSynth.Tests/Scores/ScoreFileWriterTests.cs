using FaceSynth.Scores;

namespace FaceSynth.Tests.Scores;

public class ScoreFileWriterTests
{
    [Fact]
    public void TwoColumnWriterFormatAndRoundTrip()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "s.txt");
        var set = new ScoreSet([0.1, double.NaN, -1e-5], [double.PositiveInfinity, 2.0]);
        ScoreFile.WriteTwoColumn(path, set);
        Assert.Equal("-1 0.1\n-1 nan\n-1 -1E-05\n1 inf\n1 2\n", File.ReadAllText(path));
        var back = ScoreFile.ReadScoreSet(path);
        Assert.Equal(set.Negatives, back.Negatives);
        Assert.Equal(set.Positives, back.Positives);
        Assert.Equal(1, back.NegativeNaNCount);
    }

    [Fact]
    public void TwoColumnWriterRoundTripsTheReferenceFileExactly()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "dev-1.txt");
        var set = ScoreFile.ReadScoreSet(TestPaths.Data("bob.measure", "v6.1.0", "dev-1.txt"));
        ScoreFile.WriteTwoColumn(path, set);
        var back = ScoreFile.ReadScoreSet(path);
        Assert.Equal(set.Negatives, back.Negatives);
        Assert.Equal(set.Positives, back.Positives);
    }

    [Fact]
    public void FourAndFiveColumnWriters()
    {
        var dir = TestPaths.NewTempDir();
        var rows = new[] { new ScoreRow("s1", null, "s1", "p1", 0.5), new ScoreRow("s2", "m2", "s1", "p1", 1e-5) };
        var four = Path.Combine(dir, "four.txt");
        ScoreFile.WriteFourColumn(four, rows);
        Assert.Equal("s1 s1 p1 0.5\ns2 s1 p1 1e-05\n", File.ReadAllText(four));
        Assert.Equal(rows.Select(r => r with { ModelLabel = null }), ScoreFile.ReadRows(four));
        var five = Path.Combine(dir, "five.txt");
        ScoreFile.WriteFiveColumn(five, rows);
        Assert.Equal("s1 s1 s1 p1 0.5\ns2 m2 s1 p1 1e-05\n", File.ReadAllText(five));
        Assert.Throws<ArgumentException>(() => ScoreFile.WriteFourColumn(Path.Combine(dir, "x.txt"), [new ScoreRow("a b", null, "c", "p", 1)]));
        Assert.False(File.Exists(Path.Combine(dir, "x.txt")));
    }

    [Fact]
    public void CsvReaderHandlesQuotesAndGroupsProbes()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "scores-dev.csv");
        File.WriteAllText(path, "probe_template_id,probe_subject_id,bio_ref_template_id,bio_ref_subject_id,score\r\np1,s1,r1,s1,0.9\np1,s1,r2,s2,0.1\n\"p,2\",s2,r1,s1,nan\n\"p,2\",s2,r2,s2,0.8\n");
        var set = ScoreFile.ReadScoreSet(path);
        Assert.Equal(new[] { 0.9, 0.8 }, set.Positives);
        Assert.Equal(new[] { 0.1, double.NaN }, set.Negatives);
        var rows = ScoreFile.ReadRows(path);
        Assert.Equal(new ScoreRow("s2", "r2", "s2", "p,2", 0.8), rows[3]);
        var probes = ScoreFile.ReadProbes(path);
        Assert.Equal(new[] { "p,2", "p1" }, probes.Select(p => p.Probe)); // ',' (0x2C) sorts before '1' (0x31)
        Assert.Equal(new[] { double.NaN }, probes[0].Negatives);
        Assert.Equal(new[] { 0.8 }, probes[0].Positives);
    }

    [Fact]
    public void ProbesSortByCodePointLikePython()
    {
        // U+FF21 (fullwidth A) < U+1F600 in code points, but not in UTF-16 units.
        var rows = new[] { new ScoreRow("a", null, "a", "\U0001F600", 1), new ScoreRow("a", null, "b", "\uFF21", 2) };
        var probes = ScoreFile.GroupByProbe(rows);
        Assert.Equal(new[] { "\uFF21", "\U0001F600" }, probes.Select(p => p.Probe));
        Assert.Null(probes[0].Positives);
        Assert.Null(probes[1].Negatives);
    }

    [Fact]
    public void DetectionRules()
    {
        Assert.True(ScoreFile.IsCsvName("x/scores-dev.csv"));
        Assert.True(ScoreFile.IsCsvName("x.csv.tar.gz"));
        Assert.False(ScoreFile.IsCsvName(".csv"));
        Assert.False(ScoreFile.IsCsvName("scores.txt"));
        Assert.False(ScoreFile.IsCsvName("scores.csv."));
        var dir = TestPaths.NewTempDir();
        var bom = Path.Combine(dir, "bom.txt");
        File.WriteAllBytes(bom, [0xEF, 0xBB, 0xBF, .. "# c\r\n\r\n1 0.5 # trailing comment\r\n-1 -INF\r\n-1 1_0"u8]);
        Assert.Equal(ScoreFileFormat.TwoColumn, ScoreFile.DetectFormat(bom));
        var set = ScoreFile.ReadScoreSet(bom);
        Assert.Equal(new[] { 0.5 }, set.Positives);
        Assert.Equal(new[] { double.NegativeInfinity, 10.0 }, set.Negatives);
    }

    [Fact]
    public void ReadsNpyPair()
    {
        var dir = TestPaths.NewTempDir();
        var g = Path.Combine(dir, "g.npy");
        var i = Path.Combine(dir, "i.npy");
        FaceSynth.Embeddings.Npy.Write(g, new[] { 0.9, 0.8 }.AsSpan());
        FaceSynth.Embeddings.Npy.Write(i, new[] { 0.1f, float.NaN }.AsSpan());
        var set = ScoreFile.ReadNpyPair(g, i);
        Assert.Equal(new[] { 0.9, 0.8 }, set.Positives);
        Assert.Equal(new[] { (double)0.1f, double.NaN }, set.Negatives);
        Assert.Equal(1, set.NegativeNaNCount);
    }
}
