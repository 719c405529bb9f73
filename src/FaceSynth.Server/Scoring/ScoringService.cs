using System.Text.Json;
using FaceSynth.Server.Data;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FaceSynth.Server.Scoring;

/// <summary>
/// The bounded scoring pool: <see cref="ServerOptions.ScoringWorkers"/> loops that claim queued submissions from the
/// database, score them and store the result under their lease. Work survives restarts because the queue is the
/// database; expired claims of a vanished worker are released periodically.
/// </summary>
internal sealed class ScoringService : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private readonly ServerRuntime _runtime;
    private readonly ILogger<ScoringService> _log;

    public ScoringService(ServerRuntime runtime, ILogger<ScoringService> log)
    {
        _runtime = runtime;
        _log = log;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _runtime.Ready.ConfigureAwait(false);
        var workers = Enumerable.Range(0, Math.Max(1, _runtime.Options.ScoringWorkers)).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)).ToList();
        workers.Add(Task.Run(() => ReleaseExpiredAsync(stoppingToken), CancellationToken.None));
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task ReleaseExpiredAsync(CancellationToken ct)
    {
        var period = TimeSpan.FromSeconds(Math.Clamp(_runtime.Options.Lease.TotalSeconds / 2, 1, 60));
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, ct).ConfigureAwait(false);
                if (await _runtime.Store.ReleaseLeasesAsync(all: false, ct).ConfigureAwait(false) > 0)
                {
                    _runtime.SignalQueue();
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // A database hiccup must not stop the pool; it is logged and retried.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _log.LogError(e, "releasing expired claims failed");
            }
        }
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!await ScoreNextAsync(ct).ConfigureAwait(false))
                {
                    await _runtime.WaitForQueueAsync(Poll, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
#pragma warning disable CA1031 // See above: keep the worker alive, back off.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _log.LogError(e, "scoring worker error");
                try
                {
                    await Task.Delay(Poll, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Claims and scores one submission; false when the queue was empty.</summary>
    private async Task<bool> ScoreNextAsync(CancellationToken ct)
    {
        string lease = Guid.NewGuid().ToString("N");
        var claimed = await _runtime.Store.ClaimAsync(lease, _runtime.Options.Lease, ct).ConfigureAwait(false);
        if (claimed is not { } job)
        {
            return false;
        }

        var (sub, files) = job;
        string? failure = null;
        bool serverFault = false;
        SubmissionResult? result = null;
        try
        {
            var task = _runtime.Challenge.Task(sub.Task)
                ?? throw new FaceSynthDataException("submission", $"task '{sub.Task}' is no longer part of the challenge");
            result = SubmissionScorer.Score(_runtime.Challenge, task, files.ToDictionary(f => f.Benchmark, f => f.Content, StringComparer.Ordinal));
        }
        catch (FaceSynthDataException e)
        {
            failure = e.Message;
        }
#pragma warning disable CA1031 // Any other exception is the server's fault: recorded, not counted against the team.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.LogError(e, "scoring submission {Id} failed", sub.Id);
            failure = "internal error while scoring; the organiser can see the log. This failure does not count against your submission limits.";
            serverFault = true;
        }

        if (_runtime.Options.ScoringDelayMs > 0)
        {
            await Task.Delay(_runtime.Options.ScoringDelayMs, ct).ConfigureAwait(false);
        }

        bool stored = result is not null
            ? await _runtime.Store.CompleteAsync(sub.Id, lease, JsonSerializer.Serialize(result, ServerJson.Options), result.RankingMetric, CancellationToken.None).ConfigureAwait(false)
            : await _runtime.Store.FailAsync(sub.Id, lease, failure!, serverFault, CancellationToken.None).ConfigureAwait(false);
        if (!stored)
        {
            _log.LogWarning("submission {Id}: claim lost before the result was stored; another worker owns it", sub.Id);
        }
        else
        {
            _runtime.Leaderboards.Invalidate();
        }

        return true;
    }
}

/// <summary>Runs <see cref="ServerRuntime.InitializeAsync"/> before the server accepts requests.</summary>
internal sealed class ServerStartup : IHostedService
{
    private readonly ServerRuntime _runtime;

    public ServerStartup(ServerRuntime runtime) => _runtime = runtime;

    public Task StartAsync(CancellationToken cancellationToken) => _runtime.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
