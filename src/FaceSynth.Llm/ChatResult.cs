namespace FaceSynth.Llm;

/// <summary>The outcome of one chat completion request after retries.</summary>
public sealed record ChatResult
{
    /// <summary>True when an answer came back (the text may still be empty or a refusal).</summary>
    public bool Completed { get; init; }

    /// <summary>Assistant message text.</summary>
    public string? Text { get; init; }

    /// <summary>The choice's <c>finish_reason</c>.</summary>
    public string? FinishReason { get; init; }

    /// <summary>Model id returned by the endpoint.</summary>
    public string? ResponseModel { get; init; }

    /// <summary>The <c>usage</c> object as JSON text.</summary>
    public string? Usage { get; init; }

    /// <summary>The <c>system_fingerprint</c>.</summary>
    public string? SystemFingerprint { get; init; }

    /// <summary>Attempts made (1 when the first succeeded; 0 for a cache hit).</summary>
    public int Attempts { get; init; }

    /// <summary>Wall time over all attempts in milliseconds.</summary>
    public long LatencyMs { get; init; }

    /// <summary>Why the request failed, when it did (never contains the key).</summary>
    public string? Error { get; init; }

    /// <summary>Whether the answer came from the cache.</summary>
    public bool Cached { get; init; }
}

/// <summary>A configuration problem the endpoint reported (HTTP 401 or 403): the run stops (CLI exit code 2).</summary>
public sealed class LlmConfigurationException : FaceSynthDataException
{
    /// <summary>Creates the exception for <paramref name="endpoint"/>.</summary>
    public LlmConfigurationException(string endpoint, string message)
        : base(endpoint, message)
    {
    }
}
