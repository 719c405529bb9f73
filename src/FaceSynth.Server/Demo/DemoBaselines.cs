using System.Security.Cryptography;
using FaceSynth.Server.Data;

namespace FaceSynth.Server.Demo;

/// <summary>
/// Simulated baseline teams of the demo challenge (labelled "[demo]"), submitted through the normal queue on the first
/// start, so a newcomer's first leaderboard already has something to compare with.
/// </summary>
internal static class DemoBaselines
{
    private static readonly (string Name, int System)[] Teams = [("[demo] baseline strong", 1), ("[demo] baseline weak", 2)];

    public static async Task SeedAsync(ServerRuntime runtime, CancellationToken ct)
    {
        var store = runtime.Store;
        var existing = (await store.ListTeamsAsync(ct).ConfigureAwait(false)).Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (Teams.All(t => existing.Contains(t.Name)))
        {
            return;
        }

        var systems = DemoChallenge.SystemFiles();
        var challenge = runtime.Challenge;
        var phase = challenge.CurrentPhase(DateTimeOffset.UtcNow);
        foreach (var (name, system) in Teams)
        {
            if (existing.Contains(name))
            {
                continue;
            }

            var (team, _) = await store.CreateTeamAsync(name, "", "simulated system (FaceSynth demo)", ct: ct).ConfigureAwait(false);
            foreach (var task in challenge.Definition.Tasks)
            {
                var files = task.Benchmarks.Select(b => new StoredFile(b, b + ".txt", systems[system][b + ".txt"])).ToList();
                var sha = Convert.ToHexStringLower(SHA256.HashData(files.SelectMany(f => f.Content).ToArray()));
                await store.InsertAsync(new NewSubmission
                {
                    Challenge = challenge.Definition.Id,
                    TeamId = team.Id,
                    Task = task.Id,
                    Subtask = task.Subtasks[0].Id,
                    Phase = phase.Id,
                    Description = $"Simulated demo system (embedding noise {DemoChallenge.SystemNoise[system]}); not a real face-recognition model.",
                    TrainingData = "none (simulated)",
                    ContentSha = sha,
                    UploadBytes = files.Sum(f => (long)f.Content.Length),
                }, files, null, ct).ConfigureAwait(false);
            }
        }

        runtime.SignalQueue();
    }
}
