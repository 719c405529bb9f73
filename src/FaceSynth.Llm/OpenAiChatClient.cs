using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace FaceSynth.Llm;

/// <summary>
/// Minimal OpenAI-compatible Chat Completions client over <see cref="HttpClient"/>: rate limit, concurrency
/// limit, per-attempt timeout, retries with backoff and <c>Retry-After</c> (AUDIT.md 6.5).
/// </summary>
public sealed class OpenAiChatClient : IDisposable
{
    private static readonly HashSet<int> Retried = [408, 409, 429, 500, 502, 503, 504];
    private readonly LlmConfig _config;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly SemaphoreSlim _concurrency;
    private readonly RateLimiter _rate;
    private readonly string? _apiKey;

    /// <summary>Creates a client; the API key is read from the environment variable the configuration names.</summary>
    public OpenAiChatClient(LlmConfig config, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config.Validate();
        _ownsHttp = http is null;
        _http = http ?? new HttpClient();
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _concurrency = new SemaphoreSlim(config.MaxConcurrency);
        _rate = new RateLimiter(config.RequestsPerMinute, config.MaxConcurrency);
        _apiKey = string.IsNullOrEmpty(config.ApiKeyEnv) ? null : Environment.GetEnvironmentVariable(config.ApiKeyEnv);
    }

    /// <summary>The completions URL.</summary>
    public Uri Endpoint => new(_config.BaseUrl.TrimEnd('/') + "/chat/completions");

    /// <summary>Sends <paramref name="body"/> with retries; returns a completed answer or an error result.</summary>
    /// <exception cref="LlmConfigurationException">on HTTP 401 or 403.</exception>
    public async Task<ChatResult> CompleteAsync(JsonObject body, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        string payload = body.ToJsonString();
        var clock = Stopwatch.StartNew();
        string error = "no attempt made";
        for (int attempt = 1; attempt <= _config.MaxAttempts; attempt++)
        {
            TimeSpan? retryAfter = null;
            await _rate.WaitAsync(ct).ConfigureAwait(false);
            await _concurrency.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(_config.TimeoutS));
                using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint)
                {
                    Content = new StringContent(payload, Encoding.UTF8, "application/json"),
                };
                if (!string.IsNullOrEmpty(_apiKey))
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
                }

                using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                string text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                int status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    var parsed = ParseResponse(text);
                    if (parsed is not null)
                    {
                        return parsed with { Attempts = attempt, LatencyMs = clock.ElapsedMilliseconds };
                    }

                    error = "HTTP 200 with a body that is not a chat completion";
                }
                else if (status is 401 or 403)
                {
                    throw new LlmConfigurationException(Endpoint.ToString(), $"HTTP {status} (check base_url, model and the key in ${_config.ApiKeyEnv})");
                }
                else
                {
                    error = $"HTTP {status}";
                    if (!Retried.Contains(status))
                    {
                        return Failed(error, attempt, clock);
                    }

                    retryAfter = RetryAfter(response);
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                error = $"timed out after {_config.TimeoutS.ToString(CultureInfo.InvariantCulture)} s";
            }
            catch (HttpRequestException e)
            {
                error = "network error: " + e.Message;
            }
            finally
            {
                _concurrency.Release();
            }

            if (attempt < _config.MaxAttempts)
            {
                await Task.Delay(Backoff(attempt, retryAfter), ct).ConfigureAwait(false);
            }
        }

        return Failed($"{error} (after {_config.MaxAttempts} attempts)", _config.MaxAttempts, clock);
    }

    /// <summary>Delay before attempt <paramref name="attempt"/> + 1.</summary>
    internal TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        double max = _config.MaxBackoffS;
        if (retryAfter is { } ra)
        {
            return TimeSpan.FromSeconds(Math.Clamp(ra.TotalSeconds, 0, max));
        }

        double delay = Math.Min(max, Math.Pow(2, attempt - 1));
        return TimeSpan.FromSeconds(delay + (Random.Shared.NextDouble() * 0.25 * delay));
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var ra = response.Headers.RetryAfter;
        if (ra?.Delta is { } delta)
        {
            return delta;
        }

        if (ra?.Date is { } date)
        {
            var d = date - DateTimeOffset.UtcNow;
            return d > TimeSpan.Zero ? d : TimeSpan.Zero;
        }

        return null;
    }

    private static ChatResult Failed(string error, int attempts, Stopwatch clock) =>
        new() { Completed = false, Error = error, Attempts = attempts, LatencyMs = clock.ElapsedMilliseconds };

    /// <summary>Reads the first choice of a chat completion body; null when the body is not one.</summary>
    internal static ChatResult? ParseResponse(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is not JsonObject root || root["choices"] is not JsonArray { Count: > 0 } choices
                || choices[0] is not JsonObject choice)
            {
                return null;
            }

            string? content = choice["message"]?["content"] switch
            {
                JsonValue v when v.TryGetValue(out string? s) => s,
                JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
                _ => null,
            };
            return new ChatResult
            {
                Completed = true,
                Text = content,
                FinishReason = (choice["finish_reason"] as JsonValue)?.TryGetValue(out string? fr) == true ? fr : null,
                ResponseModel = (root["model"] as JsonValue)?.TryGetValue(out string? m) == true ? m : null,
                Usage = root["usage"]?.ToJsonString(),
                SystemFingerprint = (root["system_fingerprint"] as JsonValue)?.TryGetValue(out string? f) == true ? f : null,
            };
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _concurrency.Dispose();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }
}
