using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaceSynth.Server.Client;

/// <summary>Fields sent with a submission.</summary>
public sealed record SubmissionRequest
{
    /// <summary>Task id.</summary>
    public required string Task { get; init; }

    /// <summary>Sub-task id (null: the task's first).</summary>
    public string? Subtask { get; init; }

    /// <summary>Method description.</summary>
    public string? Description { get; init; }

    /// <summary>Declared training data.</summary>
    public string? TrainingData { get; init; }

    /// <summary>Files to upload: score files named &lt;benchmark&gt;.txt or zips of them.</summary>
    public required IReadOnlyList<string> Files { get; init; }
}

/// <summary>The server's answer about a submission.</summary>
/// <param name="HttpStatus">HTTP status code.</param>
/// <param name="Id">Submission id (null when nothing was recorded).</param>
/// <param name="Status">queued, scoring, scored or failed.</param>
/// <param name="Message">The server's message (what to fix, for a failure).</param>
/// <param name="Json">The whole JSON answer.</param>
public sealed record SubmissionReply(int HttpStatus, long? Id, string? Status, string? Message, JsonNode? Json);

/// <summary>A small client of the challenge API (used by <c>facesynth submit</c>).</summary>
public sealed class ChallengeClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client for <paramref name="server"/> with <paramref name="apiKey"/>.</summary>
    public ChallengeClient(Uri server, string apiKey, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        _http.BaseAddress ??= server;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    /// <summary>Uploads a submission.</summary>
    public async Task<SubmissionReply> SubmitAsync(SubmissionRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(request.Task), "task");
        if (request.Subtask is not null)
        {
            form.Add(new StringContent(request.Subtask), "subtask");
        }

        form.Add(new StringContent(request.Description ?? ""), "description");
        form.Add(new StringContent(request.TrainingData ?? ""), "trainingData");
        foreach (var path in request.Files)
        {
            var content = new ByteArrayContent(await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false));
            content.Headers.ContentType = new MediaTypeHeaderValue(path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? "application/zip" : "text/plain");
            form.Add(content, "files", Path.GetFileName(path));
        }

        using var response = await _http.PostAsync(new Uri("/api/submissions", UriKind.Relative), form, ct).ConfigureAwait(false);
        return await ReplyAsync(response, ct).ConfigureAwait(false);
    }

    /// <summary>The current state of a submission.</summary>
    public async Task<SubmissionReply> GetAsync(long id, CancellationToken ct = default)
    {
        using var response = await _http.GetAsync(new Uri($"/api/submissions/{id}", UriKind.Relative), ct).ConfigureAwait(false);
        return await ReplyAsync(response, ct).ConfigureAwait(false);
    }

    /// <summary>Polls until the submission is scored or failed (or <paramref name="timeout"/> passes).</summary>
    public async Task<SubmissionReply> WaitAsync(long id, TimeSpan timeout, CancellationToken ct = default)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var r = await GetAsync(id, ct).ConfigureAwait(false);
            if (r.Status is "scored" or "failed" || r.HttpStatus >= 400 || DateTimeOffset.UtcNow > until)
            {
                return r;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static async Task<SubmissionReply> ReplyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        string text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        JsonNode? json = null;
        try
        {
            json = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's error page, for example): report the status and the start of the text.
        }

        long? id = json?["id"]?.GetValue<long?>();
        string? status = json?["status"]?.GetValue<string?>();
        string? message = json?["message"]?.GetValue<string?>() ?? json?["error"]?.GetValue<string?>()
            ?? (json is null ? $"HTTP {(int)response.StatusCode}: {(text.Length > 200 ? text[..200] : text)}" : null);
        return new SubmissionReply((int)response.StatusCode, id, status, message, json);
    }
}
