using FaceSynth.Embeddings;
using FaceSynth.Metrics;
using FaceSynth.Protocols.Search;
using FaceSynth.Scores;

namespace FaceSynth.Tests.Protocols;

/// <summary>Generic 1:N search: hand-counted ranks and a cross-check against bob's identification metrics.</summary>
public class IdentificationSearchTests
{
    private static (EmbeddingMatrix Probes, EmbeddingMatrix Gallery) HandCase()
    {
        var gallery = new EmbeddingMatrix([1, 0, 0, 0, 1, 0, 0, 0, 1], 3, 3) { Labels = ["A", "B", "C"] };
        var probes = new EmbeddingMatrix(
            [0.9f, 0.1f, 0, 0.5f, 0.5f, 0.2f, 0.8f, 0.3f, 0.1f, 0.2f, 0.7f, 0, 0.1f, 0.1f, 0.4f], 5, 3)
        { Labels = ["A", "B", "C", "X", "Y"] };
        return (probes, gallery);
    }

    [Fact]
    public void RanksFollowTheTieRule()
    {
        var (p, g) = HandCase();
        var r = IdentificationSearch.Run(p, g, new SearchOptions { MaxRank = 3 });
        Assert.Equal(3, r.MatedCount);
        Assert.Equal(2, r.NonMatedCount);

        // Probe B ties A at 0.5: pessimistic rank 1, optimistic 0. Probe C is third either way.
        Assert.Equal([0, 1, 2, SearchResult.Beyond, SearchResult.Beyond], r.Ranks().ToArray());
        Assert.Equal([0, 0, 2, SearchResult.Beyond, SearchResult.Beyond], r.Ranks(RankTieRule.Optimistic).ToArray());
        Assert.Equal([1.0 / 3, 2.0 / 3, 1.0], r.Cmc());
        Assert.Equal([2.0 / 3, 2.0 / 3, 1.0], r.Cmc(RankTieRule.Optimistic));
    }

    [Fact]
    public void TpirUsesTheStrictRuleAndSortedNonMatedMaxima()
    {
        var (p, g) = HandCase();
        var r = IdentificationSearch.Run(p, g);

        // Non-mated maxima 0.7, 0.4. FPIR 0.5 -> index max(1 - 1, 0) = 0 -> 0.7; FPIR 1 -> index 1 -> 0.4.
        var t = r.TpirAtFpir([0.5, 1.0]);
        Assert.Equal(0.7f, t[0].Threshold);
        Assert.Equal(0.4f, t[1].Threshold);

        // Only probe A is strictly above every non-mated entry and above the threshold (B ties A).
        Assert.Equal(1.0 / 3, t[0].Tpir);
        Assert.Equal(1.0 / 3, t[1].Tpir);

        Assert.Equal(2.0 / 3, r.DetectionIdentificationRate(0.45, 2));
        Assert.Equal(0.5, r.FalseAlarmRate(0.45));
    }

    [Fact]
    public void MatchesBobIdentificationOnRandomQuantisedData()
    {
        // Entries are multiples of 1/4 in [-1, 1]: float dot products are exact and ties are frequent.
        var rng = new Random(11);
        const int d = 6, gRows = 60, pRows = 80;
        var gallery = new EmbeddingMatrix(gRows, d) { Labels = [.. Enumerable.Range(0, gRows).Select(i => $"s{i / 2}")] };
        var probes = new EmbeddingMatrix(pRows, d) { Labels = [.. Enumerable.Range(0, pRows).Select(i => $"s{i / 2}")] };
        for (int i = 0; i < gallery.Data.Length; i++)
        {
            gallery.Data[i] = rng.Next(-4, 5) / 4f;
        }

        for (int i = 0; i < probes.Data.Length; i++)
        {
            probes.Data[i] = rng.Next(-4, 5) / 4f;
        }

        var r = IdentificationSearch.Run(probes, gallery, new SearchOptions { MaxRank = 5 });

        // Brute force: every score, split into bob's (negatives, positives) per probe.
        var bob = new List<ProbeScores>();
        var mated = new List<ProbeScores>();
        for (int q = 0; q < pRows; q++)
        {
            var neg = new List<double>();
            var pos = new List<double>();
            for (int j = 0; j < gRows; j++)
            {
                double s = 0;
                for (int k = 0; k < d; k++)
                {
                    s += probes[q, k] * gallery[j, k];
                }

                (probes.Labels![q] == gallery.Labels![j] ? pos : neg).Add(s);
            }

            var ps = new ProbeScores($"p{q}", [.. neg], pos.Count > 0 ? [.. pos] : null);
            bob.Add(ps);
            if (pos.Count > 0)
            {
                mated.Add(ps);
            }
        }

        Assert.Equal(60, r.MatedCount); // probes of subjects s0..s29 (two each) are mated
        var cmc = Identification.Cmc(mated);
        Assert.Equal(cmc.Take(5), r.Cmc());
        foreach (double t in new[] { -0.5, 0.0, 0.25, 0.75, 1.5 })
        {
            Assert.Equal(Identification.FalseAlarmRate(bob, t), r.FalseAlarmRate(t));
            foreach (int rank in new[] { 1, 3, 5 })
            {
                Assert.Equal(Identification.DetectionIdentificationRate(bob, t, rank), r.DetectionIdentificationRate(t, rank));
            }
        }
    }

    [Fact]
    public void RankBeyondMaxRankIsRejected()
    {
        var (p, g) = HandCase();
        var r = IdentificationSearch.Run(p, g, new SearchOptions { MaxRank = 2 });
        Assert.Throws<ArgumentOutOfRangeException>(() => r.CorrectAtRank(3));
        Assert.Throws<ArgumentException>(() => IdentificationSearch.Run(new EmbeddingMatrix(1, 3), g));
    }
}
