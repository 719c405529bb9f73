using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FaceSynth.Llm;

/// <summary>
/// Turns an assistant answer into an outcome and fields, following AUDIT.md 6.4 step by step:
/// content filter, JSON object, refusal patterns, free-text patterns, confidence clamping.
/// </summary>
public static partial class AnswerParser
{
    /// <summary>Version of the parsing rules, recorded in every output.</summary>
    public const string Version = "1";

    private static readonly string[] RefusalPatterns =
        ["i can't", "i cannot", "i'm unable", "i am unable", "not able to", "can't help", "cannot help", "can't assist", "sorry"];

    /// <summary>Parses <paramref name="text"/> (the assistant message) for <paramref name="task"/>.</summary>
    public static ParsedAnswer Parse(LlmTask task, string? text, string? finishReason = null)
    {
        if (string.Equals(finishReason, "content_filter", StringComparison.OrdinalIgnoreCase))
        {
            return ParsedAnswer.Of(LlmOutcome.Filtered);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return ParsedAnswer.Of(LlmOutcome.Unparseable);
        }

        // Curly apostrophes are common in model output and would defeat the refusal patterns.
        string unfenced = FenceRegex().Replace(text, "").Replace('\u2019', '\'');
        foreach (var obj in JsonObjects(unfenced))
        {
            var fromJson = FromJsonObject(task, obj);
            if (fromJson is not null)
            {
                return Clamp(fromJson with { FromJson = true });
            }

            break;
        }

        string lower = unfenced.ToLowerInvariant();
        if (RefusalPatterns.Any(p => lower.Contains(p, StringComparison.Ordinal)))
        {
            return ParsedAnswer.Of(LlmOutcome.Refused);
        }

        return Clamp(task switch
        {
            LlmTask.Verification => FreeVerification(lower),
            LlmTask.Gender => FreeGender(lower),
            LlmTask.Age => FreeAge(lower),
            _ => ParsedAnswer.Of(LlmOutcome.Unparseable),
        });
    }

    /// <summary>Every balanced <c>{...}</c> that parses as a JSON object after lenient fixes, in text order.</summary>
    internal static IEnumerable<JsonObject> JsonObjects(string text)
    {
        for (int start = text.IndexOf('{', StringComparison.Ordinal); start >= 0; start = text.IndexOf('{', start + 1))
        {
            int end = BalancedEnd(text, start);
            if (end < 0)
            {
                continue;
            }

            var obj = TryParseObject(text.Substring(start, end - start + 1));
            if (obj is not null)
            {
                yield return obj;
                start = end;
            }
        }
    }

    private static int BalancedEnd(string text, int start)
    {
        int depth = 0;
        char quote = '\0';
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c == '"')
            {
                quote = c;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static JsonObject? TryParseObject(string candidate)
    {
        foreach (var attempt in new[] { candidate, TrailingCommaRegex().Replace(candidate.Replace('\'', '"'), "$1") })
        {
            try
            {
                if (JsonNode.Parse(attempt) is JsonObject o)
                {
                    return o;
                }
            }
            catch (JsonException)
            {
                // try the lenient form next
            }
        }

        return null;
    }

    private static JsonNode? Field(JsonObject obj, string name) =>
        obj.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static ParsedAnswer? FromJsonObject(LlmTask task, JsonObject obj)
    {
        double? conf = Number(Field(obj, "confidence"));
        switch (task)
        {
            case LlmTask.Verification:
                {
                    bool? same = Field(obj, "same_person") switch
                    {
                        JsonValue v when v.TryGetValue(out bool b) => b,
                        JsonValue v when v.TryGetValue(out string? s) => s.Trim().ToLowerInvariant() switch
                        {
                            "yes" or "true" => true,
                            "no" or "false" => false,
                            _ => null,
                        },
                        _ => null,
                    };
                    return same is null ? null : new ParsedAnswer { Outcome = LlmOutcome.Ok, SamePerson = same, Confidence = conf };
                }

            case LlmTask.Gender:
                {
                    string? g = (Field(obj, "gender") as JsonValue)?.TryGetValue(out string? s) == true ? NormaliseGender(s) : null;
                    return g is null ? null : new ParsedAnswer { Outcome = LlmOutcome.Ok, Gender = g, Confidence = conf };
                }

            case LlmTask.Age:
                {
                    double? age = Number(Field(obj, "age"));
                    double? lo = null, hi = null;
                    if (Field(obj, "age_range") is JsonArray { Count: 2 } range)
                    {
                        lo = Number(range[0]);
                        hi = Number(range[1]);
                        if (lo is null || hi is null)
                        {
                            lo = hi = null;
                        }
                        else if (lo > hi)
                        {
                            (lo, hi) = (hi, lo);
                        }
                    }

                    age ??= lo is null ? null : (lo + hi) / 2;
                    return age is null ? null : new ParsedAnswer { Outcome = LlmOutcome.Ok, Age = age, AgeLow = lo, AgeHigh = hi };
                }

            default:
                return null;
        }
    }

    private static string? NormaliseGender(string s) => s.Trim().ToLowerInvariant() switch
    {
        "male" or "man" or "masculine" => "male",
        "female" or "woman" or "feminine" => "female",
        _ => null,
    };

    private static double? Number(JsonNode? node)
    {
        if (node is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue(out double d))
        {
            return double.IsFinite(d) ? d : null;
        }

        if (v.TryGetValue(out string? s))
        {
            var m = NumberRegex().Match(s);
            if (m.Success && double.TryParse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out d))
            {
                return d;
            }
        }

        return null;
    }

    private static ParsedAnswer FreeVerification(string lower)
    {
        bool negative = false;
        var sb = new StringBuilder(lower);
        foreach (var re in new[] { NotTheSameRegex(), DifferentRegex(), StartsNoRegex() })
        {
            foreach (Match m in re.Matches(sb.ToString()))
            {
                negative = true;
                for (int i = m.Index; i < m.Index + m.Length; i++)
                {
                    sb[i] = ' ';
                }
            }
        }

        string rest = sb.ToString();
        bool positive = SamePersonRegex().IsMatch(rest) || StartsYesRegex().IsMatch(rest);
        if (negative == positive)
        {
            return ParsedAnswer.Of(LlmOutcome.Unparseable);
        }

        var c = ConfidenceRegex().Match(lower);
        double? conf = c.Success ? double.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        return new ParsedAnswer { Outcome = LlmOutcome.Ok, SamePerson = positive, Confidence = conf };
    }

    private static ParsedAnswer FreeGender(string lower)
    {
        bool female = FemaleRegex().IsMatch(lower);
        bool male = MaleRegex().IsMatch(lower);
        if (female == male)
        {
            return ParsedAnswer.Of(LlmOutcome.Unparseable);
        }

        var c = ConfidenceRegex().Match(lower);
        double? conf = c.Success ? double.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        return new ParsedAnswer { Outcome = LlmOutcome.Ok, Gender = female ? "female" : "male", Confidence = conf };
    }

    private static ParsedAnswer FreeAge(string lower)
    {
        var r = AgeRangeRegex().Match(lower);
        if (r.Success)
        {
            double a = double.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture);
            double b = double.Parse(r.Groups[2].Value, CultureInfo.InvariantCulture);
            if (a >= 1 && b <= 120 && a <= b)
            {
                return new ParsedAnswer { Outcome = LlmOutcome.Ok, Age = (a + b) / 2, AgeLow = a, AgeHigh = b };
            }
        }

        foreach (Match m in IntegerRegex().Matches(lower))
        {
            int v = int.Parse(m.Value, CultureInfo.InvariantCulture);
            if (v is >= 1 and <= 120)
            {
                return new ParsedAnswer { Outcome = LlmOutcome.Ok, Age = v };
            }
        }

        return ParsedAnswer.Of(LlmOutcome.Unparseable);
    }

    private static ParsedAnswer Clamp(ParsedAnswer a) =>
        a.Confidence is { } c ? a with { Confidence = Math.Clamp(c, 0, 100) } : a;

    [GeneratedRegex(@"```[a-zA-Z]*")]
    private static partial Regex FenceRegex();

    [GeneratedRegex(@",\s*([}\]])")]
    private static partial Regex TrailingCommaRegex();

    [GeneratedRegex(@"-?\d+(\.\d+)?")]
    private static partial Regex NumberRegex();

    [GeneratedRegex(@"\bnot the same\b")]
    private static partial Regex NotTheSameRegex();

    [GeneratedRegex(@"\bdifferent (person|people|individuals)\b")]
    private static partial Regex DifferentRegex();

    [GeneratedRegex(@"^\s*no\b")]
    private static partial Regex StartsNoRegex();

    [GeneratedRegex(@"\bsame person\b")]
    private static partial Regex SamePersonRegex();

    [GeneratedRegex(@"^\s*yes\b")]
    private static partial Regex StartsYesRegex();

    [GeneratedRegex(@"confidence[^0-9]{0,30}?(\d{1,3}(?:\.\d+)?)\s*%?")]
    private static partial Regex ConfidenceRegex();

    [GeneratedRegex(@"\b(female|woman|feminine)\b")]
    private static partial Regex FemaleRegex();

    [GeneratedRegex(@"\b(male|man|masculine)\b")]
    private static partial Regex MaleRegex();

    [GeneratedRegex(@"\b(\d{1,3})\s*(?:-|\u2013|to)\s*(\d{1,3})\b")]
    private static partial Regex AgeRangeRegex();

    [GeneratedRegex(@"\b\d{1,3}\b")]
    private static partial Regex IntegerRegex();
}
