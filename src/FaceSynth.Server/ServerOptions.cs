using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace FaceSynth.Server;

/// <summary>Settings of <c>facesynth serve</c> (configuration section <c>FaceSynth</c>).</summary>
public sealed record ServerOptions
{
    /// <summary>Configuration section of these options.</summary>
    public const string Section = "FaceSynth";

    /// <summary>Address to listen on (default loopback only).</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>Folder of the SQLite file, the demo files and the organiser key (created on first start).</summary>
    public string DataDirectory { get; init; } = "facesynth-data";

    /// <summary>PostgreSQL connection string or SQLite file; null: SQLite in <see cref="DataDirectory"/>.</summary>
    public string? Database { get; init; }

    /// <summary>Challenge definition (JSON); null: the built-in demo, written to <c>&lt;data&gt;/demo</c>.</summary>
    public string? ChallengeFile { get; init; }

    /// <summary>Scoring workers (the bounded background pool).</summary>
    public int ScoringWorkers { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>How long a worker's claim on a submission lasts before another worker may take it over.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Adds simulated demo baseline teams on the demo challenge's first start.</summary>
    public bool SeedDemoBaselines { get; init; } = true;

    /// <summary>Testing aid: extra milliseconds each scoring job waits before storing its result (0 in normal use).</summary>
    public int ScoringDelayMs { get; init; }

    /// <summary>Reads the <c>FaceSynth</c> section (missing keys keep their defaults).</summary>
    public static ServerOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var s = configuration.GetSection(Section);
        var d = new ServerOptions();
        return new ServerOptions
        {
            Urls = s["Urls"] ?? d.Urls,
            DataDirectory = s["DataDirectory"] ?? d.DataDirectory,
            Database = NullIfEmpty(s["Database"]),
            ChallengeFile = NullIfEmpty(s["ChallengeFile"]),
            ScoringWorkers = Int(s["ScoringWorkers"], d.ScoringWorkers),
            Lease = TimeSpan.FromSeconds(Int(s["LeaseSeconds"], (int)d.Lease.TotalSeconds)),
            SeedDemoBaselines = s["SeedDemoBaselines"] is { } b ? bool.Parse(b) : d.SeedDemoBaselines,
            ScoringDelayMs = Int(s["ScoringDelayMs"], 0),
        };
    }

    /// <summary>These options as configuration keys (for <see cref="FromConfiguration"/>).</summary>
    public Dictionary<string, string?> ToConfiguration() => new()
    {
        [$"{Section}:Urls"] = Urls,
        [$"{Section}:DataDirectory"] = DataDirectory,
        [$"{Section}:Database"] = Database,
        [$"{Section}:ChallengeFile"] = ChallengeFile,
        [$"{Section}:ScoringWorkers"] = ScoringWorkers.ToString(CultureInfo.InvariantCulture),
        [$"{Section}:LeaseSeconds"] = ((int)Lease.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        [$"{Section}:SeedDemoBaselines"] = SeedDemoBaselines.ToString(CultureInfo.InvariantCulture),
        [$"{Section}:ScoringDelayMs"] = ScoringDelayMs.ToString(CultureInfo.InvariantCulture),
    };

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static int Int(string? s, int fallback) => s is null ? fallback : int.Parse(s, CultureInfo.InvariantCulture);
}
