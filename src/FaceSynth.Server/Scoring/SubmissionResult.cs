namespace FaceSynth.Server.Scoring;

/// <summary>The scores of one submission (stored as JSON with the submission; shown on its page and the leaderboard).</summary>
/// <param name="Task">Task id.</param>
/// <param name="Ranking">Ranking rule of the task (<c>frcsyn-to</c>, <c>mean-accuracy</c>, <c>borda</c>).</param>
/// <param name="RankingMetric">TO (frcsyn-to) or mean benchmark metric (mean-accuracy, and borda's choice of a team's best entry), percent.</param>
/// <param name="RankingMetricName">Column title of <paramref name="RankingMetric"/>.</param>
/// <param name="GroupMean">frcsyn-to: mean over benchmarks of the mean per-group accuracy (AVG), percent.</param>
/// <param name="GroupStd">frcsyn-to: mean over benchmarks of the std of the per-group accuracies (SD), percent.</param>
/// <param name="Benchmarks">Per-benchmark results, in the task's column order.</param>
/// <param name="Scorer">Scorer version, so a re-scored entry can be told apart.</param>
public sealed record SubmissionResult(
    string Task,
    string Ranking,
    double RankingMetric,
    string RankingMetricName,
    double? GroupMean,
    double? GroupStd,
    IReadOnlyList<BenchmarkResult> Benchmarks,
    string Scorer);

/// <summary>Results on one benchmark.</summary>
/// <param name="Benchmark">Benchmark id.</param>
/// <param name="Protocol">Protocol id.</param>
/// <param name="MetricName">Name of <paramref name="Metric"/> (e.g. "10-fold accuracy (%)").</param>
/// <param name="Metric">The benchmark's metric, percent.</param>
/// <param name="MetricStd">Standard deviation over folds (pairs-kfold), percent.</param>
/// <param name="Pairs">Pairs scored.</param>
/// <param name="Genuine">Genuine pairs.</param>
/// <param name="Impostor">Impostor pairs.</param>
/// <param name="Eer">Equal error rate (bob), percent.</param>
/// <param name="FnmrAtFmr1">FNMR at FMR = 1 % (bob far_threshold), percent.</param>
/// <param name="GroupThreshold">The one global threshold of the per-group rates: bob far_threshold at FMR 1e-3 over all impostors.</param>
/// <param name="TradeOff">FRCSyn TO over the groups (percent), when the benchmark has groups and accuracies.</param>
/// <param name="Groups">Per-group results (empty without a demographic attribute).</param>
/// <param name="RocFmr">ROC (bob, 100 points): FMR.</param>
/// <param name="RocFnmr">ROC (bob, 100 points): FNMR.</param>
public sealed record BenchmarkResult(
    string Benchmark,
    string Protocol,
    string MetricName,
    double Metric,
    double? MetricStd,
    int Pairs,
    int Genuine,
    int Impostor,
    double Eer,
    double FnmrAtFmr1,
    double GroupThreshold,
    double? TradeOff,
    IReadOnlyList<GroupResult> Groups,
    double[] RocFmr,
    double[] RocFnmr);

/// <summary>Results of one demographic group on a benchmark.</summary>
/// <param name="Group">Group name.</param>
/// <param name="Pairs">Pairs of the group.</param>
/// <param name="Accuracy">10-fold accuracy on the group's pairs (pairs-kfold benchmarks), percent.</param>
/// <param name="Fmr">FMR of the group's impostor pairs at the global threshold, percent.</param>
/// <param name="Fnmr">FNMR of the group's genuine pairs at the global threshold, percent.</param>
public sealed record GroupResult(string Group, int Pairs, double? Accuracy, double? Fmr, double? Fnmr);
