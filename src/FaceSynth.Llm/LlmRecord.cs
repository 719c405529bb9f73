namespace FaceSynth.Llm;

/// <summary>One query and its answer: a line of <c>llm_responses.jsonl</c> (AUDIT.md 6.7).</summary>
public sealed record LlmRecord
{
    /// <summary>Task asked.</summary>
    public LlmTask Task { get; init; }

    /// <summary>Item id (pair or image).</summary>
    public string ItemId { get; init; } = "";

    /// <summary>Prompt set id.</summary>
    public string PromptSet { get; init; } = Prompts.DefaultSet;

    /// <summary>Framing used.</summary>
    public PromptFraming Framing { get; init; }

    /// <summary>Parser version.</summary>
    public string ParserVersion { get; init; } = AnswerParser.Version;

    /// <summary>Attempts sent (0 for cache hits and replay misses).</summary>
    public int Attempts { get; init; }

    /// <summary>Whether the answer came from the cache.</summary>
    public bool Cached { get; init; }

    /// <summary>Latency over all attempts.</summary>
    public long LatencyMs { get; init; }

    /// <summary>Outcome.</summary>
    public LlmOutcome Outcome { get; init; }

    /// <summary>Parsed fields.</summary>
    public ParsedAnswer Parsed { get; init; } = ParsedAnswer.Of(LlmOutcome.Unparseable);

    /// <summary>Raw assistant text.</summary>
    public string? RawText { get; init; }

    /// <summary>Finish reason returned.</summary>
    public string? FinishReason { get; init; }

    /// <summary>Transport error, if any.</summary>
    public string? Error { get; init; }
}
