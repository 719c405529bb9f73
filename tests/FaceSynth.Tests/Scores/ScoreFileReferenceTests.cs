using FaceSynth.Scores;

namespace FaceSynth.Tests.Scores;

/// <summary>Reads the bob.measure reference files (EVALUATION.md 6.2).</summary>
public class ScoreFileReferenceTests
{
    private static string V6(string name) => TestPaths.Data("bob.measure", "v6.1.0", name);

    private static string V3(string name) => TestPaths.Data("bob.measure", "v3.0.0", name);

    [Fact]
    public void TwoColumnDevFileMatchesTheHdf5Export()
    {
        var set = ScoreFile.ReadScoreSet(V6("dev-1.txt"));
        Assert.Equal(521, set.Negatives.Length);
        Assert.Equal(479, set.Positives.Length);
        // xunit's double equality treats NaN == NaN, as the reference check requires.
        Assert.Equal(ReferenceText.Vector(V6("hdf5-as-text/two-cols.negatives.txt")), set.Negatives);
        Assert.Equal(ReferenceText.Vector(V6("hdf5-as-text/two-cols.positives.txt")), set.Positives);
        int nanLines = File.ReadLines(V6("dev-1.txt")).Count(l => l.Contains("nan", StringComparison.OrdinalIgnoreCase));
        Assert.True(nanLines > 0);
        Assert.Equal(nanLines, set.NegativeNaNCount + set.PositiveNaNCount);
        var clean = set.WithoutNaN();
        Assert.Equal(1000 - nanLines, clean.Negatives.Length + clean.Positives.Length);
        Assert.DoesNotContain(clean.Negatives, double.IsNaN);
        Assert.Equal(ScoreFileFormat.TwoColumn, ScoreFile.DetectFormat(V6("dev-1.txt")));
    }

    [Theory]
    [InlineData("dev-2.txt")]
    [InlineData("test-1.txt")]
    [InlineData("test-2.txt")]
    public void OtherTwoColumnFilesSplitByLabel(string name)
    {
        var lines = File.ReadLines(V6(name)).Where(l => l.Trim().Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var set = ScoreFile.ReadScoreSet(V6(name), ScoreFileFormat.TwoColumn);
        Assert.Equal(lines.Count(f => f[0] == "1"), set.Positives.Length);
        Assert.Equal(lines.Count(f => f[0] != "1"), set.Negatives.Length);
    }

    [Theory]
    [InlineData("dev-4col.txt", ScoreFileFormat.FourColumn)]
    [InlineData("dev-5col.txt", ScoreFileFormat.FiveColumn)]
    [InlineData("dev-4col.tar.gz", ScoreFileFormat.FourColumn)]
    [InlineData("dev-5col.tar.gz", ScoreFileFormat.FiveColumn)]
    public void FourAndFiveColumnDevFilesSplit520And390(string name, ScoreFileFormat expected)
    {
        Assert.Equal(expected, ScoreFile.DetectFormat(V3(name)));
        var rows = ScoreFile.ReadRows(V3(name));
        Assert.Equal(910, rows.Count);
        Assert.All(rows, r => Assert.Equal(expected == ScoreFileFormat.FiveColumn, r.ModelLabel is not null));
        var set = ScoreFile.ReadScoreSet(V3(name));
        Assert.Equal(520, set.Negatives.Length);
        Assert.Equal(390, set.Positives.Length);
        Assert.Equal(rows.Where(r => r.IsGenuine).Select(r => r.Score), set.Positives);
    }

    [Theory]
    [InlineData("dev-4col")]
    [InlineData("dev-5col")]
    public void TarContentEqualsText(string stem)
    {
        var text = ScoreFile.ReadRows(V3(stem + ".txt"));
        var tar = ScoreFile.ReadRows(V3(stem + ".tar.gz"));
        Assert.Equal(text, tar);
        var first = File.ReadLines(V3(stem + ".txt")).First().Split(' ');
        Assert.Equal(first[0], text[0].ClaimedId);
        Assert.Equal(ReferenceText.Parse(first[^1]), text[0].Score);
    }

    [Fact]
    public void FiveColumnFieldsLandInTheirColumns()
    {
        var lines = File.ReadLines(V3("dev-5col.txt")).Select(l => l.Split(' ')).ToList();
        var rows = ScoreFile.ReadRows(V3("dev-5col.txt"), ScoreFileFormat.FiveColumn);
        for (int i = 0; i < rows.Count; i += 97)
        {
            Assert.Equal(new ScoreRow(lines[i][0], lines[i][1], lines[i][2], lines[i][3], ReferenceText.Parse(lines[i][4])), rows[i]);
        }
    }

    [Theory]
    [InlineData("scores-cmc-4col.txt")]
    [InlineData("scores-cmc-5col.txt")]
    public void CmcViewMatchesTheTestCmcReference(string name)
    {
        var probes = ScoreFile.ReadProbes(V3(name));
        var neg = ReferenceText.Rows(V6("hdf5-as-text/test-cmc.data-neg.txt"));
        var pos = ReferenceText.Rows(V6("hdf5-as-text/test-cmc.data-pos.txt"));
        Assert.Equal(100, probes.Count);
        Assert.Equal("s13/1", probes[0].Probe);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(neg[i], probes[i].Negatives);
            Assert.Equal(pos[i], probes[i].Positives);
        }
    }

    [Fact]
    public void OpenSetViewMatchesTheReference()
    {
        var probes = ScoreFile.ReadProbes(V3("scores-cmc-4col-open-set.txt"));
        var expected = ReferenceText.OpenSet(V6("hdf5-as-text/test0-open-set.txt"));
        Assert.Equal(expected.Length, probes.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Neg, probes[i].Negatives);
            Assert.Equal(expected[i].Pos, probes[i].Positives);
        }

        Assert.Null(probes[^1].Positives);
    }
}
