using FaceSynth.Vision.Generation;

namespace FaceSynth.Vision.Tests;

public class DiffusionSchedulerTests
{
    private static readonly DiffusionSchedulerSpec Sd15 = new(1000, "scaled_linear", 0.00085, 0.012, 1, false);

    // ᾱ_k by a second method: exp of the running sum of log(1 - β).
    private static double AlphaBarByLogs(Func<int, double> beta, int k) =>
        Math.Exp(Enumerable.Range(0, k + 1).Sum(m => Math.Log(1 - beta(m))));

    [Fact]
    public void ScaledLinearMatchesStableDiffusionsTerminalSignal()
    {
        var s = new DiffusionSchedule(Sd15);
        var b = DiffusionSchedule.Betas("scaled_linear", 0.00085, 0.012, 1000);
        Assert.Equal(0.00085, b[0], 15);
        Assert.Equal(0.012, b[999], 15);
        double mid = Math.Pow((Math.Sqrt(0.00085) + Math.Sqrt(0.012)) / 2, 2); // k = 499.5 lies between b[499] and b[500]
        Assert.InRange(mid, b[499], b[500]);

        // sqrt(ᾱ_999) = 0.068265 for SD 1.5 (Lin et al. 2024, "Common diffusion noise schedules are flawed", Table 1).
        Assert.Equal(0.068265, Math.Sqrt(s.AlphaBar[999]), 6);
        foreach (int k in new[] { 0, 1, 250, 998, 999 })
        {
            double expected = AlphaBarByLogs(m => Math.Pow(Math.Sqrt(0.00085) + (m * (Math.Sqrt(0.012) - Math.Sqrt(0.00085)) / 999), 2), k);
            Assert.Equal(1, s.AlphaBar[k] / expected, 12);
        }
    }

    [Fact]
    public void LinearBetasAreLinear()
    {
        var b = DiffusionSchedule.Betas("linear", 0.0001, 0.02, 1000);
        Assert.Equal(0.0001 + (333 * 0.0199 / 999), b[333], 15);
        var s = new DiffusionSchedule(new DiffusionSchedulerSpec(1000, "linear", 0.0001, 0.02, 0, false));
        Assert.Equal(1, s.AlphaBar[700] / AlphaBarByLogs(m => 0.0001 + (m * 0.0199 / 999), 700), 12);
        Assert.Equal(0.9999, s.AlphaBar[0], 15);
    }

    [Fact]
    public void LeadingTimestepsAreDiffusersLeadingSpacing()
    {
        var t50 = DiffusionSchedule.LeadingTimesteps(1000, 50, 1);
        Assert.Equal(981, t50[0]);   // diffusers DDIM, SD 1.5, 50 steps: 981, 961, ..., 1
        Assert.Equal(961, t50[1]);
        Assert.Equal(1, t50[^1]);
        Assert.Equal([961, 921, 881], DiffusionSchedule.LeadingTimesteps(1000, 25, 1).Take(3));
        Assert.Equal([7, 4, 1], DiffusionSchedule.LeadingTimesteps(10, 3, 1)); // step = 10 / 3 = 3
    }

    [Fact]
    public void PlanUsesTheFinalAlphaRuleBelowZero()
    {
        var first = new DiffusionSchedule(new DiffusionSchedulerSpec(10, "linear", 0.05, 0.3, 1, false));
        var one = new DiffusionSchedule(first.Spec with { FinalAlphaOne = true });
        var p = first.Plan(3);
        Assert.Equal([7, 4, 1], p.Select(x => x.Timestep));
        Assert.Equal([4, 1, -2], p.Select(x => x.Previous));
        double a0 = 0.95, a1 = a0 * (1 - (0.05 + (0.25 / 9)));
        Assert.Equal(a1, p[1].AlphaBarPrevious, 15);
        Assert.Equal(a0, p[2].AlphaBarPrevious, 15);
        Assert.Equal(1.0, one.Plan(3)[2].AlphaBarPrevious);
        Assert.Equal(first.AlphaBar[7], p[0].AlphaBar);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(1001)]
    [InlineData(1000)] // 1000 steps with steps_offset 1 would start at timestep 1000
    public void ImpossibleStepCountsAreRefused(int steps)
    {
        Assert.NotNull(LatentDiffusionSpec.StepsProblem(steps, Sd15));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DiffusionSchedule(Sd15).Plan(steps));
    }

    [Fact]
    public void AllTrainStepsRunWithoutOffset()
    {
        var p = new DiffusionSchedule(Sd15 with { StepsOffset = 0 }).Plan(1000);
        Assert.Equal(999, p[0].Timestep);
        Assert.Equal(-1, p[^1].Previous);
    }

    [Fact]
    public void DdimRecoversTheCleanSampleOfAKnownNoise()
    {
        const double x0 = 0.37, eps = -1.3, abT = 0.21, abP = 0.64;
        double z = (Math.Sqrt(abT) * x0) + (Math.Sqrt(1 - abT) * eps);
        Assert.Equal(x0, DdimStep.PredictX0(z, eps, abT), 14);
        Assert.Equal(x0, DdimStep.Step(z, eps, abT, 1.0), 14);
        double expected = (Math.Sqrt(abP) * x0) + (Math.Sqrt(1 - abP) * eps);
        Assert.Equal(expected, DdimStep.Step(z, eps, abT, abP), 14);
        float[] zs = [(float)z, (float)z];
        DdimStep.Apply(zs, [(float)eps, (float)eps], abT, abP);
        Assert.Equal(expected, zs[1], 5);
    }

    [Fact]
    public void DdimWithAConstantEpsilonFollowsItsClosedForm()
    {
        // With ε = c at every step, u = z / sqrt(ᾱ) moves by (s_p - s_t) c, s = sqrt((1 - ᾱ) / ᾱ), so
        // z_final = sqrt(ᾱ_f) (z0 / sqrt(ᾱ_t0) + (s_f - s_t0) c).
        var sch = new DiffusionSchedule(Sd15);
        var plan = sch.Plan(25);
        const float c = 0.4f;
        float[] z = [1.5f, -0.5f, 0f];
        float[] eps = [c, c, c];
        foreach (var step in plan)
        {
            DdimStep.Apply(z, eps, step.AlphaBar, step.AlphaBarPrevious);
        }

        double a0 = sch.AlphaBar[961], af = sch.AlphaBar[0];
        static double S(double ab) => Math.Sqrt((1 - ab) / ab);
        for (int i = 0; i < 3; i++)
        {
            double z0 = i == 0 ? 1.5 : i == 1 ? -0.5 : 0;
            double expected = Math.Sqrt(af) * ((z0 / Math.Sqrt(a0)) + ((S(af) - S(a0)) * c));
            Assert.Equal(expected, z[i], 1e-4 * Math.Max(1, Math.Abs(expected)));
        }
    }

    [Fact]
    public void DpmSolverStaysOnTheTrajectoryOfAnOracleModel()
    {
        // ε from a model that knows x0: ε = (z - α x0) / σ. Then D = x0 at every step and the exact ODE
        // solution z_t = α_t x0 + σ_t n is reproduced by the first-order and the 2M updates alike.
        var sch = new DiffusionSchedule(Sd15);
        var plan = sch.Plan(10);
        double[] x0 = [0.8, -0.3], n = [-1.1, 0.6];
        double aT = Math.Sqrt(plan[0].AlphaBar), sT = Math.Sqrt(1 - plan[0].AlphaBar);
        float[] z = [(float)((aT * x0[0]) + (sT * n[0])), (float)((aT * x0[1]) + (sT * n[1]))];
        var dpm = new DpmSolverStep(2);
        var eps = new float[2];
        foreach (var step in plan)
        {
            double a = Math.Sqrt(step.AlphaBar), s = Math.Sqrt(1 - step.AlphaBar);
            for (int i = 0; i < 2; i++)
            {
                eps[i] = (float)((z[i] - (a * x0[i])) / s);
            }

            dpm.Apply(z, eps, step.AlphaBar, step.AlphaBarPrevious);
        }

        double af = plan[^1].AlphaBarPrevious;
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal((Math.Sqrt(af) * x0[i]) + (Math.Sqrt(1 - af) * n[i]), z[i], 4);
        }
    }

    [Fact]
    public void DpmSolverSecondOrderStepMatchesAHandComputation()
    {
        // ᾱ: 0.2 -> 0.5 -> 0.9 with ε = 0.7 then -0.2.
        double[] ab = [0.2, 0.5, 0.9];
        double[] e = [0.7, -0.2];
        double z0 = 1.25;
        double Alpha(int k) => Math.Sqrt(ab[k]);
        double Sigma(int k) => Math.Sqrt(1 - ab[k]);
        double Lam(int k) => Math.Log(Alpha(k) / Sigma(k));
        double d0 = (z0 - (Sigma(0) * e[0])) / Alpha(0);
        double h1 = Lam(1) - Lam(0);
        double z1 = (Sigma(1) / Sigma(0) * z0) - (Alpha(1) * (Math.Exp(-h1) - 1) * d0);
        double d1 = (z1 - (Sigma(1) * e[1])) / Alpha(1);
        double h2 = Lam(2) - Lam(1), r = h1 / h2;
        double dMix = ((1 + (1 / (2 * r))) * d1) - (1 / (2 * r) * d0);
        double z2 = (Sigma(2) / Sigma(1) * z1) - (Alpha(2) * (Math.Exp(-h2) - 1) * dMix);

        var dpm = new DpmSolverStep(1);
        float[] z = [(float)z0];
        dpm.Apply(z, [(float)e[0]], ab[0], ab[1]);
        Assert.Equal(z1, z[0], 5);
        dpm.Apply(z, [(float)e[1]], ab[1], ab[2]);
        Assert.Equal(z2, z[0], 5);
        Assert.NotEqual(Math.Round(z2, 3), Math.Round((Sigma(2) / Sigma(1) * z1) - (Alpha(2) * (Math.Exp(-h2) - 1) * d1), 3)); // the correction matters

        dpm.Apply(z, [0.5f], ab[2], 1.0); // a step to σ = 0 returns the data prediction
        Assert.Equal((z2 - (Sigma(2) * 0.5)) / Alpha(2), z[0], 5);
    }

    [Fact]
    public void LambdaIsHalfTheLogSignalToNoiseRatio() =>
        Assert.Equal(Math.Log(Math.Sqrt(0.8) / Math.Sqrt(0.2)), DpmSolverStep.Lambda(0.8), 14);
}
