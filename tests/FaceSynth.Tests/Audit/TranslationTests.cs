using FaceSynth.Audit.Translation;
using FaceSynth.Embeddings;

namespace FaceSynth.Tests.Audit;

public class TranslationTests
{
    private static string[] Subjects(int n, int per) => Enumerable.Range(0, n).Select(i => "s" + (i / per)).ToArray();

    [Fact]
    public void Jacobi_svd_reconstructs_the_matrix_with_orthogonal_factors()
    {
        var rng = new Random(4);
        const int N = 12;
        var a = Enumerable.Range(0, N * N).Select(_ => AuditTestData.Gaussian(rng)).ToArray();
        var (u, s, v) = DenseMath.Svd(a, N);
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < N; j++)
            {
                double rec = 0, uu = 0, vv = 0;
                for (int k = 0; k < N; k++)
                {
                    rec += u[(i * N) + k] * s[k] * v[(j * N) + k];
                    uu += u[(k * N) + i] * u[(k * N) + j];
                    vv += v[(k * N) + i] * v[(k * N) + j];
                }

                Assert.Equal(a[(i * N) + j], rec, 10);
                Assert.Equal(i == j ? 1.0 : 0.0, uu, 10);
                Assert.Equal(i == j ? 1.0 : 0.0, vv, 10);
            }
        }
    }

    [Fact]
    public void Cholesky_solves_a_hand_system()
    {
        // A = [[4, 2], [2, 3]], B = [[2], [5]] -> X = [[-0.5], [2]]
        Assert.True(DenseMath.Cholesky([4, 2, 2, 3], 2, out var l));
        var b = new double[] { 2, 5 };
        DenseMath.CholeskySolve(l, 2, b, 1);
        Assert.Equal(-0.5, b[0], 12);
        Assert.Equal(2.0, b[1], 12);
        Assert.False(DenseMath.Cholesky([1, 2, 2, 1], 2, out _));
    }

    [Theory]
    [InlineData(AdapterKind.Procrustes)]
    [InlineData(AdapterKind.Linear)]
    public void Recovers_a_hidden_rotation(AdapterKind kind)
    {
        const int D = 16;
        var x = AuditTestData.RandomUnit(400, D, 1);
        var r = AuditTestData.Orthogonal(D, 2);
        var y = AuditTestData.Times(x, r);
        var fit = AdapterTrainer.Fit(x, y, Subjects(400, 4), new AdapterOptions { Kind = kind });
        var w = ((LinearTranslator)fit.Translator).W;
        for (int i = 0; i < D * D; i++)
        {
            Assert.Equal(r[i], w[i], 3);
        }

        var eval = AdapterEvaluator.Evaluate(fit.Translator, x, y, Subjects(400, 4), fit.TestRows);
        Assert.True(eval.Fidelity.Min > 0.9999, $"min fidelity {eval.Fidelity.Min}");
        Assert.NotNull(eval.Baseline);
        var cross = eval.Verification.Single(v => v.Name == "cross");
        var target = eval.Verification.Single(v => v.Name == "within_target");
        Assert.Equal(target.Eer, cross.Eer, 3);
        Assert.Empty(fit.TrainRows.Intersect(fit.TestRows));
    }

    [Fact]
    public void Subject_split_is_disjoint_deterministic_and_80_10_10()
    {
        var subjects = Subjects(500, 5);
        var (train, val, test) = SubjectSplit.Split(subjects, 7, 0.8, 0.1);
        Assert.Equal(500, train.Length + val.Length + test.Length);
        Assert.Equal((400, 50, 50), (train.Length, val.Length, test.Length));
        var trainSubjects = train.Select(i => subjects[i]).ToHashSet();
        Assert.DoesNotContain(test, i => trainSubjects.Contains(subjects[i]));
        Assert.DoesNotContain(val, i => trainSubjects.Contains(subjects[i]));
        Assert.Equal(test, SubjectSplit.Split(subjects, 7, 0.8, 0.1).Test);
        Assert.NotEqual(test, SubjectSplit.Split(subjects, 8, 0.8, 0.1).Test);
    }

    [Theory]
    [InlineData(MlpLoss.Cosine)]
    [InlineData(MlpLoss.Mse)]
    public void Mlp_gradients_match_finite_differences(MlpLoss loss)
    {
        const int P = 4, H = 5, Q = 3, N = 3;
        var rng = new Random(3);
        float[] R(int n) => Enumerable.Range(0, n).Select(_ => (float)(AuditTestData.Gaussian(rng) * 0.5)).ToArray();
        var prm = new[] { R(P * Q), R(Q), R(P * H), R(H), R(H * Q), R(Q) };
        var grad = prm.Select(a => new float[a.Length]).ToArray();
        var xb = R(N * P);
        var yb = R(N * Q);
        double Loss() => MlpTrainer.Step(prm, prm.Select(a => new float[a.Length]).ToArray(), xb, yb, new float[N * H], new float[N * Q], new float[N * Q], new float[N * H], N, P, H, Q, loss);
        MlpTrainer.Step(prm, grad, xb, yb, new float[N * H], new float[N * Q], new float[N * Q], new float[N * H], N, P, H, Q, loss);
        for (int k = 0; k < prm.Length; k++)
        {
            for (int i = 0; i < prm[k].Length; i++)
            {
                float keep = prm[k][i];
                prm[k][i] = keep + 1e-2f;
                double up = Loss();
                prm[k][i] = keep - 1e-2f;
                double down = Loss();
                prm[k][i] = keep;
                Assert.Equal((up - down) / 2e-2, grad[k][i], 2);
            }
        }
    }

    [Fact]
    public void Mlp_beats_ridge_on_a_nonlinear_map_and_round_trips_through_files()
    {
        const int D = 8;
        var x = AuditTestData.RandomUnit(600, D, 5);
        var y = new EmbeddingMatrix(600, D);
        for (int n = 0; n < 600; n++)
        {
            for (int j = 0; j < D; j++)
            {
                y[n, j] = x[n, (j + 1) % D] + (2 * MathF.Max(0, x[n, j]));
            }
        }

        var subjects = Subjects(600, 3);
        var ridge = AdapterTrainer.Fit(x, y, subjects, new AdapterOptions { Kind = AdapterKind.Linear });
        var mlp = AdapterTrainer.Fit(x, y, subjects, new AdapterOptions { Kind = AdapterKind.Mlp, Hidden = 32, MaxEpochs = 40, BatchSize = 64, LearningRate = 3e-3 });
        Assert.True(mlp.ValidationMeanCosine > ridge.ValidationMeanCosine + 0.01, $"mlp {mlp.ValidationMeanCosine} vs ridge {ridge.ValidationMeanCosine}");

        var dir = TestPaths.NewTempDir();
        AdapterFile.Save(dir, mlp, normalizeInput: true);
        var (loaded, norm) = AdapterFile.Load(dir);
        Assert.True(norm);
        var a = AdapterFile.Apply(mlp.Translator, x, true);
        var b = AdapterFile.Apply(loaded, x, true);
        Assert.Equal(a.Data, b.Data);
        Assert.Equal(1.0, MathF.Sqrt(a.Row(0).ToArray().Sum(v => v * v)), 5);
    }

    [Fact]
    public void Bad_inputs_are_clear_errors()
    {
        var x = AuditTestData.RandomUnit(10, 4, 1);
        Assert.Contains("row-aligned", Assert.Throws<FaceSynthDataException>(() => AdapterTrainer.Fit(x, AuditTestData.RandomUnit(9, 4, 2), null)).Message, StringComparison.Ordinal);
        Assert.Contains("equal dimensions", Assert.Throws<FaceSynthDataException>(() => AdapterTrainer.Fit(x, AuditTestData.RandomUnit(10, 5, 2), null, new AdapterOptions { Kind = AdapterKind.Procrustes })).Message, StringComparison.Ordinal);
        var dir = TestPaths.NewTempDir();
        Assert.Contains("adapter.json not found", Assert.Throws<FaceSynthDataException>(() => AdapterFile.Load(dir)).Message, StringComparison.Ordinal);
    }
}
