using System.Globalization;
using FaceSynth.Metrics.Pyeer;

namespace FaceSynth.Tests.Metrics.Pyeer;

/// <summary>pyeer CMC (EVALUATION.md 3.5).</summary>
public class PyeerCmcTests
{
    [Fact]
    public void StableTiesAndSeveralTrueTemplates()
    {
        PyeerComparison[] rows =
        [
            new("q1", "a", 0.5), new("q1", "b", 0.9), new("q1", "c", 0.5),   // order b, a, c: truth a at rank 2
            new("q2", "x", 0.7), new("q2", "y", 0.7), new("q2", "z", 0.1),   // tie keeps file order x, y: truth y at rank 2
            new("q3", "m", 0.2), new("q3", "n", 0.3), new("q3", "o", 0.4),   // o, n, m: truths o (1) and m (3)
            new("q4", "p", 0.9), new("q4", "r", 0.8),                         // truth missing from candidates
        ];
        (string, string)[] truth = [("q1", "a"), ("q2", "y"), ("q3", "o"), ("q3", " m"), ("q4", "s")];
        var cmc = PyeerCmc.Compute(rows, truth, 4);

        // Hits per rank: r1 = 1 (q3), r2 = 2 (q1, q2), r3 = 1 (q3 again), r4 = 0; 4 queries.
        Assert.Equal([0.25, 0.25 + 0.5, 0.75 + 0.25, 1.0], cmc);
    }

    [Fact]
    public void OnceOneAlwaysOne()
    {
        PyeerComparison[] rows = [new("q", "t", 1), new("q", "u", 0.5), new("q", "t2", 0.1)];
        var cmc = PyeerCmc.Compute(rows, [("q", "t"), ("q", "t2")], 3);
        Assert.Equal([1.0, 1.0, 1.0], cmc);
    }

    [Fact]
    public void DissimilaritySortsAscending()
    {
        PyeerComparison[] rows = [new("q", "a", 0.9), new("q", "b", 0.1)];
        Assert.Equal([1.0, 1.0], PyeerCmc.Compute(rows, [("q", "a")], 2));
        Assert.Equal([0.0, 1.0], PyeerCmc.Compute(rows, [("q", "a")], 2, PyeerScoreType.Dissimilarity));
    }

    [Fact]
    public void UnknownQueryIsADataError()
    {
        PyeerComparison[] rows = [new("q", "a", 0.9), new("other", "b", 0.1)];
        var ex = Assert.Throws<FaceSynthDataException>(() => PyeerCmc.Compute(rows, [("q", "a")], 2));
        Assert.Contains("other", ex.Message);
    }

    [Theory]
    [InlineData("exp1")]
    [InlineData("exp2")]
    public void ReferenceFilesMatchRankCounting(string exp)
    {
        var rows = File.ReadLines(TestPaths.Data("pyeer", "cmc", exp + "_scores.txt"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(' '))
            .Select(f => new PyeerComparison(f[0], f[1], double.Parse(f[2], CultureInfo.InvariantCulture)))
            .ToList();
        var truth = File.ReadLines(TestPaths.Data("pyeer", "cmc", exp + "_tp.txt"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(' ', 2))
            .Select(f => (f[0], f[1].Trim()))
            .ToList();
        const int maxRank = 20;
        var cmc = PyeerCmc.Compute(rows, truth, maxRank);

        // Independent count: the rank of a candidate is 1 + #{higher score} + #{equal score earlier in the file}.
        var queries = truth.Select(t => t.Item1).Distinct().ToList();
        var hits = new int[maxRank + 1];
        foreach (var q in queries)
        {
            var trueSet = truth.Where(t => t.Item1 == q).Select(t => t.Item2).ToHashSet();
            var cand = rows.Where(r => r.Query == q).ToList();
            for (int i = 0; i < cand.Count; i++)
            {
                if (!trueSet.Contains(cand[i].Template))
                {
                    continue;
                }

                int rank = 1 + cand.Count(c => c.Score > cand[i].Score) + cand.Take(i).Count(c => c.Score == cand[i].Score);
                if (rank <= maxRank)
                {
                    hits[rank]++;
                }
            }
        }

        double prev = 0;
        for (int r = 1; r <= maxRank; r++)
        {
            double expected = prev >= 1.0 ? 1.0 : (hits[r] / (double)queries.Count) + prev;
            Assert.Equal(expected, cmc[r - 1]);
            prev = expected;
        }

        Assert.True(cmc[0] > 0.2);

        // The same through the io reader.
        var read = FaceSynth.Scores.PyeerFiles.ReadCmc(TestPaths.Data("pyeer", "cmc", exp + "_scores.txt"), TestPaths.Data("pyeer", "cmc", exp + "_tp.txt"));
        Assert.Equal(cmc, PyeerCmc.Compute(read, maxRank));
    }
}
