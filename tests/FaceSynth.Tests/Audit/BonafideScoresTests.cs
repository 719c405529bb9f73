using System.Numerics.Tensors;
using FaceSynth.Audit;
using FaceSynth.Audit.Inversion;

namespace FaceSynth.Tests.Audit;

public class BonafideScoresTests
{
    /// <summary>Subjects of sizes 3, 1, 2, 1, 4 (interleaved singletons have no genuine pair): 3 + 1 + 6 = 10 genuine pairs.</summary>
    private static AuditSet Set()
    {
        string[] subjects = ["a", "a", "a", "b", "c", "c", "d", "e", "e", "e", "e"];
        return new AuditSet(AuditTestData.RandomUnit(subjects.Length, 8, 3), subjects, source: "s");
    }

    private static (List<float> Genuine, List<float> Impostor) Brute(AuditSet s)
    {
        var g = new List<float>();
        var i = new List<float>();
        for (int a = 0; a < s.Rows; a++)
        {
            for (int b = a + 1; b < s.Rows; b++)
            {
                float v = TensorPrimitives.Dot(s.Embeddings.Row(a), s.Embeddings.Row(b));
                (s.Subjects![a] == s.Subjects[b] ? g : i).Add(v);
            }
        }

        return (g, i);
    }

    [Fact]
    public void Small_sets_give_every_pair()
    {
        var s = Set();
        var (g, i) = BonafideScores.Compute(s);
        var (bg, bi) = Brute(s);
        Assert.Equal(10, g.Length);
        Assert.Equal((11 * 10 / 2) - 10, i.Length);
        Assert.Equal(bg.Order(), g.Order());
        Assert.Equal(bi.Order(), i.Order());
    }

    [Fact]
    public void Large_sets_are_sampled_from_the_right_kind_of_pair()
    {
        var s = Set();
        var (g, i) = BonafideScores.Compute(s, maxScores: 7, seed: 3);
        var (bg, bi) = Brute(s);
        Assert.Equal(7, g.Length);
        Assert.Equal(7, i.Length);
        Assert.All(g, v => Assert.Contains(v, bg));
        Assert.All(i, v => Assert.Contains(v, bi));
        Assert.Equal(g, BonafideScores.Compute(s, maxScores: 7, seed: 3).Genuine);   // seeded
    }
}
