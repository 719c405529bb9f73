using System.CommandLine;
using System.Globalization;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Server.Client;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth submit</c>: uploads score files to a challenge server and waits for the verdict.</summary>
internal static class SubmitCommand
{
    public static Command Build()
    {
        var server = new Option<string>("--server") { Description = "Challenge server, e.g. http://127.0.0.1:5080", Required = true };
        var task = new Option<string>("--task") { Description = "Task id (see the server's home page or /api/challenge)", Required = true };
        var subtask = new Option<string?>("--subtask") { Description = "Sub-task id (default: the task's first)" };
        var key = new Option<string?>("--key") { Description = "Team API key (default: the FACESYNTH_API_KEY environment variable)" };
        var description = new Option<string?>("--description") { Description = "Short method description" };
        var trainingData = new Option<string?>("--training-data") { Description = "Training data used" };
        var noWait = new Option<bool>("--no-wait") { Description = "Do not wait for the score" };
        var files = new Argument<FileInfo[]>("FILES") { Description = "Score files named <benchmark>.txt, or a zip of them", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("submit", "Submit score files to a FaceSynth challenge server.") { server, task, subtask, key, description, trainingData, noWait, files };
        cmd.SetGuardedAction(async (ctx, parse) =>
        {
            string apiKey = parse.GetValue(key) ?? Environment.GetEnvironmentVariable("FACESYNTH_API_KEY")
                ?? throw new CliUsageException("no API key: pass --key KEY or set FACESYNTH_API_KEY (the key shown when your team registered)");
            var paths = parse.GetValue(files)!;
            foreach (var f in paths.Where(f => !f.Exists))
            {
                throw new FileNotFoundException($"{f.FullName}: file not found");
            }

            if (!Uri.TryCreate(parse.GetValue(server), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new CliUsageException($"--server: expected an http(s) URL such as http://127.0.0.1:5080, got '{parse.GetValue(server)}'");
            }

            using var client = new ChallengeClient(url, apiKey);
            var reply = await client.SubmitAsync(new SubmissionRequest
            {
                Task = parse.GetValue(task)!,
                Subtask = parse.GetValue(subtask),
                Description = parse.GetValue(description),
                TrainingData = parse.GetValue(trainingData),
                Files = [.. paths.Select(f => f.FullName)],
            }, ctx.Cancellation);
            if (reply.Id is not { } id)
            {
                throw new CliUsageException($"not accepted (HTTP {reply.HttpStatus}): {reply.Message}");
            }

            ctx.Out.WriteLine($"submission #{id}: {reply.Status}  {new Uri(url, $"/submissions/{id}")}");
            if (reply.Status == "queued" && !parse.GetValue(noWait))
            {
                reply = await client.WaitAsync(id, TimeSpan.FromMinutes(10), ctx.Cancellation);
                ctx.Out.WriteLine($"submission #{id}: {reply.Status}");
            }

            if (reply.Status == "failed")
            {
                ctx.Err.WriteLine($"error: submission #{id} failed: {reply.Message}");
                return ExitCodes.BadInput;
            }

            if (reply.Json?["result"] is { } result)
            {
                ctx.Out.WriteLine($"{result["rankingMetricName"]}: {Format(result["rankingMetric"])}");
                var rows = result["benchmarks"]!.AsArray().Select(b => new[] { b!["benchmark"]!.ToString(), b["metricName"]!.ToString(), Format(b["metric"]), Format(b["eer"]) }).ToList();
                ctx.Out.WriteLine(TextTable.Format(["benchmark", "metric", "value", "EER (%)"], rows));
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static string Format(System.Text.Json.Nodes.JsonNode? v) =>
        v is null ? "-" : v.GetValue<double>().ToString("F3", CultureInfo.InvariantCulture);
}
