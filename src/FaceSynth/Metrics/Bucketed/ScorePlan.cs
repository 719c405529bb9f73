namespace FaceSynth.Metrics.Bucketed;

/// <summary>What a computation will ask of a <see cref="BucketedScores"/>, so that one pass gathers every bucket it reads.</summary>
internal sealed class ScorePlan
{
    /// <summary>Rates passed to <c>far_threshold</c>.</summary>
    public List<double> FarRates { get; } = [];

    /// <summary>Rates passed to <c>frr_threshold</c>.</summary>
    public List<double> FrrRates { get; } = [];

    /// <summary>Thresholds at which error counts are read (those not produced by this set itself).</summary>
    public List<double> Values { get; } = [];

    /// <summary>Costs of <c>min_weighted_error_rate_threshold</c> sweeps.</summary>
    public List<double> WeightedCosts { get; } = [];

    /// <summary>Whether <c>eer_threshold</c> is asked for.</summary>
    public bool Eer { get; set; }

    /// <summary>Adds the rates of bob's v6.1.0 ROC with <paramref name="points"/> points.</summary>
    public void AddRoc(int points = 2000, int minPower = -8)
    {
        int h = points / 2;
        FrrRates.AddRange(Curves.LogValues(h, minPower));
        FarRates.AddRange(Curves.LogValues(points - h, minPower));
    }
}
