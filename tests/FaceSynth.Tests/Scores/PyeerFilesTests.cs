using FaceSynth.Scores;

namespace FaceSynth.Tests.Scores;

public class PyeerFilesTests
{
    private static string P(params string[] parts) => TestPaths.Data(["pyeer", .. parts]);

    private static double LastField(string line) => ReferenceText.Parse(line.Trim().Split(' ')[^1]);

    [Theory]
    [InlineData("non_hist", "exp1_true.txt")]
    [InlineData("non_hist", "exp1_false.txt")]
    [InlineData("non_hist", "exp2_true.txt")]
    [InlineData("non_hist", "exp2_false.txt")]
    [InlineData("non_hist", "exp3_true.txt")]
    [InlineData("non_hist", "exp3_false.txt")]
    [InlineData("hist", "exp1_true.txt")]
    public void ReadsScoreFiles(string folder, string name)
    {
        var expected = File.ReadLines(P(folder, name)).Where(l => l.Trim().Length > 0).Select(LastField).ToArray();
        var scores = PyeerFiles.ReadScores(P(folder, name));
        Assert.Equal(expected, scores);
        Assert.NotEmpty(scores);
    }

    [Fact]
    public void ReadsHistogram()
    {
        var h = PyeerFiles.ReadHistogram(P("hist", "exp1_false.txt"));
        Assert.Equal(1000, h.Length);
        Assert.Equal(new[] { 9130.0, 58, 251 }, h[..3]);
    }

    [Theory]
    [InlineData("exp1")]
    [InlineData("exp2")]
    public void ReadsCmcExperiments(string exp)
    {
        var queries = PyeerFiles.ReadCmc(P("cmc", exp + "_scores.txt"), P("cmc", exp + "_tp.txt"));
        var truth = File.ReadLines(P("cmc", exp + "_tp.txt")).Where(l => l.Length > 0).Select(l => l.Split(' ', 2)).ToList();
        Assert.Equal(truth.Select(t => t[0]).Distinct().Count(), queries.Count);
        Assert.Equal(truth[0][0], queries[0].Query);
        Assert.Equal(truth[0][1].Trim(), queries[0].TrueTemplate);
        Assert.Equal(21845, queries.Sum(q => q.Matches.Count));
        var first = File.ReadLines(P("cmc", exp + "_scores.txt")).First().Split(' ');
        var q = queries.Single(x => x.Query == first[0]);
        Assert.Equal(new PyeerMatch(first[1], ReferenceText.Parse(first[2])), q.Matches[0]);
    }
}
