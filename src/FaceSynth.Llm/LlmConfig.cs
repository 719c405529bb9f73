using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceSynth.Llm;

/// <summary>Client and protocol settings (AUDIT.md 6.2). Loaded from JSON with snake_case keys.</summary>
public sealed record LlmConfig
{
    /// <summary>Endpoint root, e.g. <c>http://127.0.0.1:8080/v1</c>.</summary>
    public string BaseUrl { get; init; } = "";

    /// <summary>Model name sent in the request.</summary>
    public string Model { get; init; } = "";

    /// <summary>Environment variable holding the API key; the key itself is never stored.</summary>
    public string ApiKeyEnv { get; init; } = "OPENAI_API_KEY";

    /// <summary>Sampling temperature.</summary>
    public double Temperature { get; init; }

    /// <summary>Maximum tokens of the answer.</summary>
    public int MaxTokens { get; init; } = 300;

    /// <summary>Sampling seed, sent only when set.</summary>
    public int? Seed { get; init; }

    /// <summary>OpenAI image <c>detail</c> field, sent only when set.</summary>
    public string? ImageDetail { get; init; }

    /// <summary>Per-attempt timeout in seconds.</summary>
    public double TimeoutS { get; init; } = 120;

    /// <summary>Requests in flight at once.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Token-bucket rate; 0 or less disables the limit.</summary>
    public double RequestsPerMinute { get; init; } = 60;

    /// <summary>Attempts per query including the first.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Verification image layout.</summary>
    public PairLayout PairLayout { get; init; } = PairLayout.SideBySide;

    /// <summary>Each face is resized to this square size.</summary>
    public int FaceSize { get; init; } = 256;

    /// <summary>Prompt framing.</summary>
    public PromptFraming Framing { get; init; } = PromptFraming.None;

    /// <summary>Prompt set id, recorded in every output.</summary>
    public string PromptSet { get; init; } = Prompts.DefaultSet;

    /// <summary>Cache mode.</summary>
    public CacheMode Cache { get; init; } = CacheMode.ReadWrite;

    /// <summary>SQLite cache file (<c>cache_file</c>); null = the caller's default (the CLI: <c>&lt;out&gt;/llm_cache.db</c>).</summary>
    public string? CacheFile { get; init; }

    /// <summary>Confidence policy for decisions without one.</summary>
    public MissingConfidencePolicy MissingConfidence { get; init; } = MissingConfidencePolicy.Midpoint;

    /// <summary>Upper bound of one backoff delay in seconds (tests shorten it).</summary>
    public double MaxBackoffS { get; init; } = 60;

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads a configuration file; errors name the file.</summary>
    public static LlmConfig Load(string path)
    {
        LlmConfig? cfg;
        try
        {
            cfg = JsonSerializer.Deserialize<LlmConfig>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new FaceSynthDataException(path, $"line {(e.LineNumber ?? 0) + 1}: not a valid LLM configuration ({e.Message})", e);
        }

        return (cfg ?? throw new FaceSynthDataException(path, "empty configuration")).Validate(path);
    }

    /// <summary>Checks required values and ranges; returns this.</summary>
    public LlmConfig Validate(string source = "LLM configuration")
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https"))
        {
            throw new FaceSynthDataException(source, $"base_url must be an absolute http(s) URL, got '{BaseUrl}'");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new FaceSynthDataException(source, "model is required");
        }

        if (MaxAttempts < 1 || MaxConcurrency < 1 || TimeoutS <= 0 || FaceSize < 16 || MaxTokens < 1)
        {
            throw new FaceSynthDataException(source, "max_attempts, max_concurrency >= 1, timeout_s > 0, face_size >= 16 and max_tokens >= 1 are required");
        }

        return this;
    }

    /// <summary>This configuration as JSON (contains no secret: only the variable name).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
