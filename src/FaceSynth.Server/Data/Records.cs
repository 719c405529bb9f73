namespace FaceSynth.Server.Data;

/// <summary>A registered team (or the organiser account).</summary>
/// <param name="Id">Database id.</param>
/// <param name="Name">Display name (unique, case-insensitive).</param>
/// <param name="Email">Contact e-mail (shown to the organiser only).</param>
/// <param name="Members">Members as entered (shown to the organiser only).</param>
/// <param name="IsOrganiser">Whether this account is the organiser.</param>
/// <param name="CreatedAt">Registration time.</param>
public sealed record Team(long Id, string Name, string Email, string Members, bool IsOrganiser, DateTimeOffset CreatedAt);

/// <summary>Submission states.</summary>
public static class SubmissionStatus
{
    /// <summary>Accepted, waiting for a scoring worker.</summary>
    public const string Queued = "queued";

    /// <summary>A worker holds it.</summary>
    public const string Scoring = "scoring";

    /// <summary>Scored; the result is stored.</summary>
    public const string Scored = "scored";

    /// <summary>Failed; the message says why.</summary>
    public const string Failed = "failed";
}

/// <summary>A submission as stored.</summary>
public sealed record Submission
{
    /// <summary>Database id (also the public submission number).</summary>
    public long Id { get; init; }

    /// <summary>Challenge id.</summary>
    public string Challenge { get; init; } = "";

    /// <summary>Team id.</summary>
    public long TeamId { get; init; }

    /// <summary>Team name.</summary>
    public string TeamName { get; init; } = "";

    /// <summary>Task id.</summary>
    public string Task { get; init; } = "";

    /// <summary>Sub-task id.</summary>
    public string Subtask { get; init; } = "";

    /// <summary>Phase id.</summary>
    public string Phase { get; init; } = "";

    /// <summary>Arrival time.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>One of <see cref="SubmissionStatus"/>.</summary>
    public string Status { get; init; } = "";

    /// <summary>Why it failed (or a note).</summary>
    public string? Message { get; init; }

    /// <summary>True when the failure was the server's (does not count against limits).</summary>
    public bool ServerFault { get; init; }

    /// <summary>Method description.</summary>
    public string Description { get; init; } = "";

    /// <summary>Declared training data.</summary>
    public string TrainingData { get; init; } = "";

    /// <summary>Declared number of synthetic images.</summary>
    public long? SyntheticImages { get; init; }

    /// <summary>Declared number of synthetic identities.</summary>
    public long? SyntheticIdentities { get; init; }

    /// <summary>Declared number of real images.</summary>
    public long? RealImages { get; init; }

    /// <summary>Declared number of real identities.</summary>
    public long? RealIdentities { get; init; }

    /// <summary>Bytes uploaded.</summary>
    public long UploadBytes { get; init; }

    /// <summary>Whether the organiser published the submission page.</summary>
    public bool Published { get; init; }

    /// <summary>How many times a worker claimed it.</summary>
    public int Attempts { get; init; }

    /// <summary>When it was scored.</summary>
    public DateTimeOffset? ScoredAt { get; init; }

    /// <summary>The ranking metric of the result.</summary>
    public double? RankingMetric { get; init; }

    /// <summary>The result (JSON of <see cref="Scoring.SubmissionResult"/>).</summary>
    public string? ResultJson { get; init; }
}

/// <summary>What a participant sends with the files.</summary>
public sealed record NewSubmission
{
    /// <summary>Challenge id.</summary>
    public required string Challenge { get; init; }

    /// <summary>Team id.</summary>
    public required long TeamId { get; init; }

    /// <summary>Task id.</summary>
    public required string Task { get; init; }

    /// <summary>Sub-task id.</summary>
    public required string Subtask { get; init; }

    /// <summary>Phase id.</summary>
    public required string Phase { get; init; }

    /// <summary>Method description.</summary>
    public string Description { get; init; } = "";

    /// <summary>Declared training data.</summary>
    public string TrainingData { get; init; } = "";

    /// <summary>Declared number of synthetic images.</summary>
    public long? SyntheticImages { get; init; }

    /// <summary>Declared number of synthetic identities.</summary>
    public long? SyntheticIdentities { get; init; }

    /// <summary>Declared number of real images.</summary>
    public long? RealImages { get; init; }

    /// <summary>Declared number of real identities.</summary>
    public long? RealIdentities { get; init; }

    /// <summary>SHA-256 of the normalised files (duplicate detection).</summary>
    public string? ContentSha { get; init; }

    /// <summary>Bytes uploaded.</summary>
    public long UploadBytes { get; init; }
}

/// <summary>One file of a queued submission.</summary>
/// <param name="Benchmark">Benchmark id.</param>
/// <param name="FileName">Name as uploaded.</param>
/// <param name="Content">Bytes.</param>
public sealed record StoredFile(string Benchmark, string FileName, byte[] Content);

/// <summary>An entry of a submission's history.</summary>
/// <param name="Kind">received, rejected, claimed, scored, failed, released, rescore, published.</param>
/// <param name="At">When.</param>
/// <param name="Detail">Free text.</param>
public sealed record SubmissionEvent(string Kind, DateTimeOffset At, string? Detail);
