using FaceSynth.Server.Data;
using FaceSynth.Server.Definitions;
using FaceSynth.Server.Demo;
using FaceSynth.Server.Ranking;
using FaceSynth.Server.Security;
using Microsoft.Extensions.Logging;

namespace FaceSynth.Server;

/// <summary>
/// Everything a running server shares: options, the loaded challenge, the store, the leaderboard cache, the caller
/// resolver and the queue signal. Created at start-up (<see cref="InitializeAsync"/>) before requests are served.
/// </summary>
public sealed class ServerRuntime : IDisposable
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _queueSignal = new(0, int.MaxValue);
    private LoadedChallenge? _challenge;
    private ChallengeStore? _store;
    private LeaderboardCache? _leaderboards;
    private CallerResolver? _callers;

    /// <summary>Creates the runtime; nothing is opened until <see cref="InitializeAsync"/>.</summary>
    public ServerRuntime(ServerOptions options, ILogger<ServerRuntime> logger)
    {
        Options = options;
        Logger = logger;
    }

    /// <summary>The options.</summary>
    public ServerOptions Options { get; }

    /// <summary>Server log.</summary>
    public ILogger Logger { get; }

    /// <summary>Completes when start-up has finished.</summary>
    public Task Ready => _ready.Task;

    /// <summary>The challenge.</summary>
    public LoadedChallenge Challenge => _challenge ?? throw NotReady();

    /// <summary>The store.</summary>
    public ChallengeStore Store => _store ?? throw NotReady();

    /// <summary>Cached leaderboards.</summary>
    public LeaderboardCache Leaderboards => _leaderboards ?? throw NotReady();

    /// <summary>Who is calling (API key or session cookie).</summary>
    public CallerResolver Callers => _callers ?? throw NotReady();

    /// <summary>Path of the file holding the organiser key written at first start (null when none was written).</summary>
    public string? OrganiserKeyFile { get; private set; }

    /// <summary>Loads the challenge, migrates the database, creates the organiser account and releases stale claims.</summary>
    public async Task InitializeAsync(CancellationToken ct)
    {
        try
        {
            string data = Path.GetFullPath(Options.DataDirectory);
            Directory.CreateDirectory(data);
            string definition = Options.ChallengeFile ?? DemoChallenge.Write(Path.Combine(data, "demo"));
            _challenge = ChallengeLoader.Load(definition);
            var db = Database.Open(Options.Database, data);
            await Migrations.ApplyAsync(db, ct).ConfigureAwait(false);
            _store = new ChallengeStore(db);
            _leaderboards = new LeaderboardCache(_store, _challenge);
            _callers = new CallerResolver(_store);
            Logger.LogInformation("challenge '{Id}' ({Title}) from {File}; database {Db}", _challenge.Definition.Id, _challenge.Definition.Title, definition, db.Describe());

            if (!await _store.HasOrganiserAsync(ct).ConfigureAwait(false))
            {
                var (_, key) = await _store.CreateTeamAsync("organiser", "", "", organiser: true, ct).ConfigureAwait(false);
                OrganiserKeyFile = Path.Combine(data, "organiser.key");
                WriteSecret(OrganiserKeyFile, key + "\n");
                Logger.LogWarning("organiser account created; its API key is in {File} (readable by you only). Keep it secret.", OrganiserKeyFile);
            }

            int released = await _store.ReleaseLeasesAsync(all: true, ct).ConfigureAwait(false);
            if (released > 0)
            {
                Logger.LogInformation("{Count} submission(s) interrupted by the last shutdown are queued again", released);
            }

            if (_challenge.Definition.Demo && Options.SeedDemoBaselines)
            {
                await DemoBaselines.SeedAsync(this, ct).ConfigureAwait(false);
            }

            _ready.TrySetResult();
        }
        catch (Exception e)
        {
            _ready.TrySetException(e);
            throw;
        }
    }

    /// <summary>Wakes a scoring worker (a submission was queued).</summary>
    public void SignalQueue() => _queueSignal.Release();

    /// <summary>Waits for <see cref="SignalQueue"/> or the timeout.</summary>
    public Task WaitForQueueAsync(TimeSpan timeout, CancellationToken ct) => _queueSignal.WaitAsync(timeout, ct);

    /// <inheritdoc />
    public void Dispose()
    {
        _store?.Database.Dispose();
        _queueSignal.Dispose();
    }

    private static void WriteSecret(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var f = new FileStream(path, options);
        f.Write(System.Text.Encoding.UTF8.GetBytes(text));
    }

    private static InvalidOperationException NotReady() => new("the server has not finished starting");
}
