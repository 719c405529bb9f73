using System.Globalization;
using System.Security.Cryptography;
using FaceSynth.Server.Data;
using FaceSynth.Server.Definitions;
using FaceSynth.Server.Security;
using Microsoft.AspNetCore.Http;

namespace FaceSynth.Server.Submissions;

/// <summary>What happened to an upload.</summary>
/// <param name="StatusCode">HTTP status: 202 queued, 4xx rejected.</param>
/// <param name="SubmissionId">The recorded submission (null when nothing was recorded: no task, limits, no open phase).</param>
/// <param name="Status">queued or failed (or null when nothing was recorded).</param>
/// <param name="Message">What to fix, for a rejection.</param>
public sealed record IntakeOutcome(int StatusCode, long? SubmissionId, string? Status, string? Message);

/// <summary>
/// Accepts a submission from the web form or the API: authentication, task and phase, limits, upload size, archives,
/// file names, content validation and duplicate detection. A bad file is recorded as a failed submission with a
/// message saying what to fix; only a complete, valid submission enters the scoring queue.
/// </summary>
public static class SubmissionIntake
{
    private static readonly string[] ScoreExtensions = [".txt", ".csv", ".tsv", ".scores"];

    /// <summary>Handles the request body of a submission.</summary>
    public static async Task<IntakeOutcome> HandleAsync(HttpContext context, ServerRuntime runtime, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(caller);
        var ct = context.RequestAborted;
        if (!caller.IsParticipant)
        {
            return caller.IsOrganiser
                ? new IntakeOutcome(403, null, null, "the organiser account cannot submit; register a team")
                : new IntakeOutcome(401, null, null, "log in or send your team's API key (Authorization: Bearer <key>)");
        }

        var challenge = runtime.Challenge;
        var limits = challenge.Definition.Limits;
        var upload = await UploadReader.ReadAsync(context.Request, limits, ct).ConfigureAwait(false);
        var task = challenge.Task(upload.Field("task"));
        if (task is null)
        {
            return new IntakeOutcome(400, null, null, $"unknown or missing task '{upload.Field("task")}'; tasks: {string.Join(", ", challenge.Definition.Tasks.Select(t => t.Id))}");
        }

        string subtaskId = upload.Field("subtask") is { Length: > 0 } st ? st : task.Subtasks[0].Id;
        if (task.Subtasks.All(s => s.Id != subtaskId))
        {
            return new IntakeOutcome(400, null, null, $"unknown sub-task '{subtaskId}' of task '{task.Id}'; sub-tasks: {string.Join(", ", task.Subtasks.Select(s => s.Id))}");
        }

        var now = DateTimeOffset.UtcNow;
        var phase = challenge.OpenPhase(now);
        if (phase is null)
        {
            return new IntakeOutcome(403, null, null, "no phase of the challenge is open for submissions now");
        }

        var team = caller.Team!;
        var (recent, total) = await runtime.Store.CountForLimitsAsync(team.Id, challenge.Definition.Id, task.Id, now.AddDays(-1), ct).ConfigureAwait(false);
        if (recent >= limits.PerDay || total >= limits.Total)
        {
            return new IntakeOutcome(429, null, null, recent >= limits.PerDay
                ? $"daily limit reached: {limits.PerDay} submissions to task '{task.Id}' in 24 hours"
                : $"limit reached: {limits.Total} submissions to task '{task.Id}' in total");
        }

        var record = new NewSubmission
        {
            Challenge = challenge.Definition.Id,
            TeamId = team.Id,
            Task = task.Id,
            Subtask = subtaskId,
            Phase = phase.Id,
            Description = Clip(upload.Field("description"), 4000),
            TrainingData = Clip(upload.Field("trainingData"), 2000),
            UploadBytes = upload.UploadBytes,
        };

        try
        {
            if (upload.Rejection is { } r)
            {
                throw r;
            }

            record = record with
            {
                SyntheticImages = Count(upload, "syntheticImages"),
                SyntheticIdentities = Count(upload, "syntheticIdentities"),
                RealImages = Count(upload, "realImages"),
                RealIdentities = Count(upload, "realIdentities"),
            };
            var files = Select(challenge, task, UploadReader.Expand(upload.Files, limits));
            foreach (var f in files)
            {
                try
                {
                    SubmissionScoreFile.Parse(f.Content, f.FileName, f.Benchmark, challenge.Benchmarks[f.Benchmark].Truth.Count);
                }
                catch (FaceSynthDataException e)
                {
                    throw new SubmissionRejectedException(e.Message);
                }
            }

            string sha = ContentSha(files);
            if (await runtime.Store.FindDuplicateAsync(team.Id, challenge.Definition.Id, task.Id, subtaskId, sha, ct).ConfigureAwait(false) is { } dup)
            {
                throw new SubmissionRejectedException($"these files are identical to your submission #{dup} to this task; change something before submitting again", 409);
            }

            long id = await runtime.Store.InsertAsync(record with { ContentSha = sha }, files, null, ct).ConfigureAwait(false);
            runtime.SignalQueue();
            return new IntakeOutcome(202, id, SubmissionStatus.Queued, null);
        }
        catch (SubmissionRejectedException e)
        {
            long id = await runtime.Store.InsertAsync(record, [], e.Message, CancellationToken.None).ConfigureAwait(false);
            return new IntakeOutcome(e.StatusCode, id, SubmissionStatus.Failed, e.Message);
        }
    }

    /// <summary>SHA-256 over the benchmark ids and contents, in benchmark order.</summary>
    public static string ContentSha(IReadOnlyList<StoredFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in files.OrderBy(f => f.Benchmark, StringComparer.Ordinal))
        {
            h.AppendData(System.Text.Encoding.UTF8.GetBytes(f.Benchmark + "\n" + f.Content.Length.ToString(CultureInfo.InvariantCulture) + "\n"));
            h.AppendData(f.Content);
        }

        return Convert.ToHexStringLower(h.GetHashAndReset());
    }

    /// <summary>Maps uploaded files to the task's benchmarks by name; files of other benchmarks of the challenge are ignored.</summary>
    internal static List<StoredFile> Select(LoadedChallenge challenge, TaskDefinition task, List<UploadedFile> files)
    {
        if (files.Count == 0)
        {
            throw new SubmissionRejectedException($"no files; task '{task.Id}' needs {Needed(task)}");
        }

        var byBenchmark = new Dictionary<string, UploadedFile>(StringComparer.Ordinal);
        foreach (var f in files)
        {
            string id = BenchmarkOf(f.Name);
            if (!challenge.Benchmarks.ContainsKey(id))
            {
                throw new SubmissionRejectedException($"file '{f.Name}' does not match a benchmark of this challenge; name each file after its benchmark: {Needed(task)}");
            }

            if (!byBenchmark.TryAdd(id, f))
            {
                throw new SubmissionRejectedException($"two files for benchmark '{id}' ('{byBenchmark[id].Name}' and '{f.Name}'); send one");
            }
        }

        var missing = task.Benchmarks.Where(b => !byBenchmark.ContainsKey(b)).ToList();
        if (missing.Count > 0)
        {
            throw new SubmissionRejectedException($"missing file(s) for benchmark(s) {string.Join(", ", missing)} of task '{task.Id}'; it needs {Needed(task)}");
        }

        return [.. task.Benchmarks.Select(b => new StoredFile(b, byBenchmark[b].Name, byBenchmark[b].Content))];
    }

    private static string BenchmarkOf(string fileName)
    {
        foreach (var ext in ScoreExtensions)
        {
            if (fileName.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
            {
                return fileName[..^ext.Length];
            }
        }

        return fileName;
    }

    private static string Needed(TaskDefinition task) => string.Join(", ", task.Benchmarks.Select(b => b + ".txt"));

    private static long? Count(ParsedUpload upload, string field)
    {
        var s = upload.Field(field)?.Trim();
        if (string.IsNullOrEmpty(s))
        {
            return null;
        }

        return long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long v)
            ? v
            : throw new SubmissionRejectedException($"field '{field}' must be a whole number (or empty), got '{Clip(s, 40)}'");
    }

    private static string Clip(string? s, int max) => s is null ? "" : s.Length <= max ? s.Trim() : s[..max].Trim();
}
