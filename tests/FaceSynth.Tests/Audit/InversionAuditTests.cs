using FaceSynth.Audit;
using FaceSynth.Audit.Inversion;
using FaceSynth.Embeddings;
using FaceSynth.Metrics;

namespace FaceSynth.Tests.Audit;

public class InversionAuditTests
{
    /// <summary>12 subjects x 3 images around random centres (cos within a subject ~0.8).</summary>
    private static AuditSet Dataset(int seed, double[]? rotation = null)
    {
        const int D = 32;
        var centres = AuditTestData.RandomUnit(12, D, seed);
        var m = new EmbeddingMatrix(36, D);
        var rng = new Random(seed + 1);
        for (int i = 0; i < 36; i++)
        {
            AuditTestData.Noisy(centres.Row(i / 3), m.Row(i), 0.09, rng);
        }

        var subjects = Enumerable.Range(0, 36).Select(i => "p" + (i / 3)).ToArray();
        return new AuditSet(rotation is null ? m : AuditTestData.Times(m, rotation), subjects, source: "d.npy");
    }

    [Fact]
    public void Sar_type_one_and_two_against_brute_force_counts()
    {
        var d = Dataset(1);
        // Source "exact": attack = the template itself (a perfect inversion); source "random": unrelated faces;
        // attack 2 of "exact" failed (no face: NaN row).
        var attacks = new List<InversionAttack>();
        var emb = new EmbeddingMatrix(20, 32);
        var noise = AuditTestData.RandomUnit(10, 32, 77);
        for (int k = 0; k < 10; k++)
        {
            attacks.Add(new InversionAttack("exact", k * 3));
            d.Embeddings.Row(k * 3).CopyTo(emb.Row(k));
            attacks.Add(new InversionAttack("random", (k * 3) + 1));
            noise.Row(k).CopyTo(emb.Row(10 + k));
        }

        // Row order of emb must follow the attack list: rebuild it in list order.
        var ordered = new EmbeddingMatrix(20, 32);
        for (int a = 0; a < 20; a++)
        {
            (a % 2 == 0 ? emb.Row(a / 2) : emb.Row(10 + (a / 2))).CopyTo(ordered.Row(a));
        }

        ordered.Row(4).Fill(float.NaN);
        var result = InversionAudit.Run([new InversionTarget("T", d, ordered)], attacks, [1e-2]);
        var tau = result.Thresholds["T"][0];

        // Independent threshold: bob's far_threshold on all cross-subject pairs.
        var imp = new List<double>();
        for (int i = 0; i < 36; i++)
        {
            for (int j = i + 1; j < 36; j++)
            {
                if (i / 3 != j / 3)
                {
                    imp.Add(System.Numerics.Tensors.TensorPrimitives.Dot(d.Embeddings.Row(i), d.Embeddings.Row(j)));
                }
            }
        }

        Assert.Equal(BobMeasure.FarThreshold(imp.ToArray(), [], 1e-2), tau.Tau, 6);

        var exactI = result.Cells.Single(c => c.Source == "exact" && c.Type == AttackType.TypeI);
        Assert.Equal(9, exactI.Accepted);          // every working perfect inversion passes; the failed one does not
        Assert.Equal(10, exactI.Comparisons);
        Assert.Equal(1, exactI.FailedAttacks);
        var randomI = result.Cells.Single(c => c.Source == "random" && c.Type == AttackType.TypeI);

        // Brute force counts from the definitions.
        int BruteII(string source, out int comparisons, out int anyMatch)
        {
            int acc = 0;
            comparisons = 0;
            anyMatch = 0;
            for (int a = 0; a < 20; a++)
            {
                if (attacks[a].Source != source)
                {
                    continue;
                }

                int x = attacks[a].TemplateRow;
                bool any = false;
                for (int y = (x / 3) * 3; y < ((x / 3) * 3) + 3; y++)
                {
                    if (y == x)
                    {
                        continue;
                    }

                    comparisons++;
                    var v = ordered.Row(a).ToArray();
                    double n = Math.Sqrt(v.Sum(t => (double)t * t));
                    double s = double.IsFinite(n) ? v.Select((t, i) => t / n * d.Embeddings[y, i]).Sum() : double.NegativeInfinity;
                    if (s >= tau.Tau)
                    {
                        acc++;
                        any = true;
                    }
                }

                anyMatch += any ? 1 : 0;
            }

            return acc;
        }

        var exactII = result.Cells.Single(c => c.Source == "exact" && c.Type == AttackType.TypeII);
        Assert.Equal(BruteII("exact", out int n2, out int any2), exactII.Accepted);
        Assert.Equal(n2, exactII.Comparisons);
        Assert.Equal(any2 / 10.0, exactII.AnyMatchRate, 12);
        Assert.Equal(BruteII("random", out _, out _), result.Cells.Single(c => c.Source == "random" && c.Type == AttackType.TypeII).Accepted);
        Assert.Equal(0, randomI.Accepted);

        var (sources, targets, sar) = result.Matrix(AttackType.TypeI, 1e-2);
        Assert.Equal(["exact", "random"], sources);
        Assert.Equal(["T"], targets);
        Assert.Equal(0.9, sar[0, 0], 12);
    }

    [Fact]
    public void Attack_rows_must_match_the_attack_list()
    {
        var d = Dataset(2);
        var e = Assert.Throws<FaceSynthDataException>(() => InversionAudit.Run([new InversionTarget("T", d, new EmbeddingMatrix(3, 32))], [new InversionAttack("s", 0)]));
        Assert.Contains("one per attack", e.Message, StringComparison.Ordinal);
    }
}
