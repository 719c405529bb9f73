namespace FaceSynth.Llm;

/// <summary>An answer turned into an outcome and the task's fields (AUDIT.md 6.4).</summary>
public sealed record ParsedAnswer
{
    /// <summary>Outcome of the query.</summary>
    public LlmOutcome Outcome { get; init; }

    /// <summary>Verification decision: true = same person.</summary>
    public bool? SamePerson { get; init; }

    /// <summary>Gender decision: "male" or "female".</summary>
    public string? Gender { get; init; }

    /// <summary>Confidence in [0, 100], null when the answer gave none.</summary>
    public double? Confidence { get; init; }

    /// <summary>Point age estimate (a range's midpoint when only a range was given).</summary>
    public double? Age { get; init; }

    /// <summary>Lower end of the age range, when given.</summary>
    public double? AgeLow { get; init; }

    /// <summary>Upper end of the age range, when given.</summary>
    public double? AgeHigh { get; init; }

    /// <summary>Whether the decision came from a JSON object (else free text).</summary>
    public bool FromJson { get; init; }

    /// <summary>Signed verification score +c/100 (yes) or -c/100 (no); null without a decision or confidence.</summary>
    public double? VerificationScore(MissingConfidencePolicy policy)
    {
        if (Outcome != LlmOutcome.Ok || SamePerson is null)
        {
            return null;
        }

        double? c = Confidence ?? (policy == MissingConfidencePolicy.Midpoint ? 50 : null);
        return c is null ? null : (SamePerson.Value ? c / 100 : -c / 100);
    }

    /// <summary>An answer-less outcome.</summary>
    public static ParsedAnswer Of(LlmOutcome outcome) => new() { Outcome = outcome };
}
