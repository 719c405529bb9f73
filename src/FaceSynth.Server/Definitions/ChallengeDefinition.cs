namespace FaceSynth.Server.Definitions;

/// <summary>
/// A challenge as the organiser writes it (JSON, CHALLENGE.md "What the organiser configures"): benchmarks with their
/// protocol and hidden truth file, tasks with sub-tasks and a ranking rule, limits and phases. File paths are
/// relative to the definition file.
/// </summary>
public sealed record ChallengeDefinition
{
    /// <summary>Short identifier (letters, digits, '-', '_', '.').</summary>
    public string Id { get; init; } = "";

    /// <summary>Title shown on every page.</summary>
    public string Title { get; init; } = "";

    /// <summary>Free text shown on the home page.</summary>
    public string Description { get; init; } = "";

    /// <summary>True for the built-in demo: every page says so.</summary>
    public bool Demo { get; init; }

    /// <summary>Submission limits.</summary>
    public ChallengeLimits Limits { get; init; } = new();

    /// <summary>Phases in time order; a submission belongs to the phase open when it arrives.</summary>
    public IReadOnlyList<PhaseDefinition> Phases { get; init; } = [];

    /// <summary>Benchmarks (pair lists with hidden truth).</summary>
    public IReadOnlyList<BenchmarkDefinition> Benchmarks { get; init; } = [];

    /// <summary>Tasks; each has its own leaderboard per sub-task.</summary>
    public IReadOnlyList<TaskDefinition> Tasks { get; init; } = [];

    /// <summary>Optional example submission (zip) offered for download, relative to the definition file.</summary>
    public string? ExampleSubmission { get; init; }
}

/// <summary>Submission limits of a challenge.</summary>
public sealed record ChallengeLimits
{
    /// <summary>Submissions per team and task in any 24 hours (failures caused by the server do not count).</summary>
    public int PerDay { get; init; } = 5;

    /// <summary>Submissions per team and task in total.</summary>
    public int Total { get; init; } = 100;

    /// <summary>Largest accepted upload (all files of one submission together), bytes.</summary>
    public long MaxUploadBytes { get; init; } = 16L << 20;

    /// <summary>Largest total size of the files unpacked from a zip upload, bytes.</summary>
    public long MaxUnpackedBytes { get; init; } = 64L << 20;

    /// <summary>Largest number of files in one submission (zip entries included).</summary>
    public int MaxFiles { get; init; } = 32;
}

/// <summary>A phase of the challenge.</summary>
public sealed record PhaseDefinition
{
    /// <summary>Identifier, e.g. <c>development</c> or <c>final</c>.</summary>
    public string Id { get; init; } = "";

    /// <summary>Title.</summary>
    public string Title { get; init; } = "";

    /// <summary>First moment submissions are accepted (null: always).</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Moment submissions stop (null: never).</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>True: everyone sees the leaderboard; false: only the organiser (hidden final phase).</summary>
    public bool PublicLeaderboard { get; init; } = true;

    /// <summary>Whether the phase accepts submissions at <paramref name="now"/>.</summary>
    public bool IsOpen(DateTimeOffset now) => (Start is null || now >= Start) && (End is null || now < End);
}

/// <summary>How the submitted scores of a benchmark are turned into its metric.</summary>
public enum BenchmarkProtocol
{
    /// <summary>insightface 10-fold pair accuracy on the scores (EVALUATION.md 4.1), percent.</summary>
    PairsKFold,

    /// <summary>TAR at a FAR target on the scikit-learn ROC (EVALUATION.md 4.3), percent.</summary>
    TarAtFar,
}

/// <summary>A published benchmark: a pair list for participants and a private truth file.</summary>
public sealed record BenchmarkDefinition
{
    /// <summary>Identifier; a submission's file for this benchmark is named <c>&lt;id&gt;.txt</c>.</summary>
    public string Id { get; init; } = "";

    /// <summary>Title.</summary>
    public string Title { get; init; } = "";

    /// <summary>Free text.</summary>
    public string Description { get; init; } = "";

    /// <summary>Protocol: <c>pairs-kfold</c> (default) or <c>tar-at-far</c>.</summary>
    public string Protocol { get; init; } = "pairs-kfold";

    /// <summary>FAR target of <c>tar-at-far</c> (default 1e-4, SDFR's IJB metric).</summary>
    public double FarTarget { get; init; } = 1e-4;

    /// <summary>Published pair list (one pair per line), relative to the definition file.</summary>
    public string Pairs { get; init; } = "";

    /// <summary>Private truth CSV (<c>same,group</c>, one row per pair), relative to the definition file.</summary>
    public string Truth { get; init; } = "";

    /// <summary>Name of the demographic attribute of the truth's group column (null: no groups).</summary>
    public string? Attribute { get; init; }

    /// <summary>The parsed protocol.</summary>
    public BenchmarkProtocol ParsedProtocol => Protocol switch
    {
        "tar-at-far" => BenchmarkProtocol.TarAtFar,
        _ => BenchmarkProtocol.PairsKFold,
    };
}

/// <summary>How a task's leaderboard is ordered.</summary>
public enum RankingRule
{
    /// <summary>FRCSyn bias tasks: TO = mean - std of the per-group accuracies (mean of TO over benchmarks with groups).</summary>
    FrcsynTradeOff,

    /// <summary>FRCSyn performance tasks: mean metric over the benchmarks.</summary>
    MeanAccuracy,

    /// <summary>SDFR: Borda count over the benchmarks among the ranked entries.</summary>
    Borda,
}

/// <summary>A task with sub-tasks (training-data regimes) and a ranking rule.</summary>
public sealed record TaskDefinition
{
    /// <summary>Identifier.</summary>
    public string Id { get; init; } = "";

    /// <summary>Title.</summary>
    public string Title { get; init; } = "";

    /// <summary>Free text.</summary>
    public string Description { get; init; } = "";

    /// <summary><c>frcsyn-to</c>, <c>mean-accuracy</c> or <c>borda</c>.</summary>
    public string Ranking { get; init; } = "mean-accuracy";

    /// <summary>Whether the TO standard deviation divides by G - 1 (default: population, EVALUATION.md 7 #8).</summary>
    public bool SampleStd { get; init; }

    /// <summary>Benchmarks of the task, in column order (ties are broken column by column in this order).</summary>
    public IReadOnlyList<string> Benchmarks { get; init; } = [];

    /// <summary>Sub-tasks; each has its own leaderboard.</summary>
    public IReadOnlyList<SubtaskDefinition> Subtasks { get; init; } = [];

    /// <summary>The parsed ranking rule.</summary>
    public RankingRule ParsedRanking => Ranking switch
    {
        "frcsyn-to" => RankingRule.FrcsynTradeOff,
        "borda" => RankingRule.Borda,
        _ => RankingRule.MeanAccuracy,
    };
}

/// <summary>A sub-task, e.g. "synthetic data only".</summary>
public sealed record SubtaskDefinition
{
    /// <summary>Identifier.</summary>
    public string Id { get; init; } = "";

    /// <summary>Title.</summary>
    public string Title { get; init; } = "";

    /// <summary>Free text.</summary>
    public string Description { get; init; } = "";
}
