using FaceSynth.Protocols;
using FaceSynth.Scores;

namespace FaceSynth.Tests.Protocols;

public class ScoreEvaluationTests
{
    private static double[] Range(int from, int count) => [.. Enumerable.Range(from, count).Select(i => (double)i)];

    [Fact]
    public void Separable_set_has_zero_errors_and_exact_counts()
    {
        // neg 0..9, pos 10..19: every threshold in (9, 10] separates perfectly.
        var r = ScoreEvaluation.Evaluate(new ScoreSet(Range(0, 10), Range(10, 10)));
        Assert.Equal(10, r.Genuine);
        Assert.Equal(10, r.Impostor);
        Assert.Equal(0, r.Eer.Fmr);
        Assert.Equal(0, r.Eer.Fnmr);
        Assert.Equal(0, r.Eer.FalseMatches);
        Assert.Equal(1.0, r.AucExact);
        Assert.Equal("self", r.ThresholdsFrom);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    public void Far_thresholds_reach_floor_of_ten_v_over_ten(double v)
    {
        // EVALUATION 6.2: neg 0..9, pos 10..19 -> achieved FMR = floor(10 v) / 10.
        var r = ScoreEvaluation.Evaluate(new ScoreSet(Range(0, 10), Range(10, 10)), options: new ScoreEvaluationOptions { FarTargets = [v] });
        Assert.Equal(Math.Floor(10 * v) / 10, r.FarThresholds[0].Fmr);
    }

    [Fact]
    public void Nan_scores_are_counted_and_removed()
    {
        var r = ScoreEvaluation.Evaluate(new ScoreSet([0, 1, 2, double.NaN], [5, 6, double.NaN, double.NaN, 7]));
        Assert.Equal(3, r.Genuine);
        Assert.Equal(3, r.Impostor);
        Assert.Equal(2, r.FailureToAcquire.Genuine);
        Assert.Equal(1, r.FailureToAcquire.Impostor);
        Assert.Equal(3.0 / 9.0, r.FailureToAcquire.Rate);
    }

    [Fact]
    public void Thresholds_from_development_are_applied_unchanged()
    {
        var dev = new ScoreSet([0, 1, 2, 3, 4], [3.5, 5, 6, 7, 8], "dev");
        var eval = new ScoreSet([0, 2, 4, 6], [1, 5, 7, 9], "eval");
        var alone = ScoreEvaluation.Evaluate(dev);
        var r = ScoreEvaluation.Evaluate(dev, eval);
        Assert.Equal("development", r.ThresholdsFrom);
        Assert.Equal(alone.Eer.Threshold, r.Eer.Threshold);
        var t = r.Eer.Threshold;
        Assert.Equal(new[] { 0.0, 2, 4, 6 }.Count(x => x >= t), r.Eer.FalseMatches);
        Assert.Equal(new[] { 1.0, 5, 7, 9 }.Count(x => x < t), r.Eer.FalseNonMatches);
        Assert.Equal("dev", r.Development!.Source);
        Assert.NotNull(r.Decision.Evaluation);
    }

    [Fact]
    public void Too_few_scores_name_the_source()
    {
        var ex = Assert.Throws<FaceSynthDataException>(() => ScoreEvaluation.Evaluate(new ScoreSet([0, 1, 2], [double.NaN, 4], "f.txt")));
        Assert.Contains("f.txt", ex.Message, StringComparison.Ordinal);
        Assert.Contains("genuine", ex.Message, StringComparison.Ordinal);
        Assert.Throws<FaceSynthDataException>(() => ScoreEvaluation.Evaluate(new ScoreSet([], [1, 2], "g.txt")));
    }
}
