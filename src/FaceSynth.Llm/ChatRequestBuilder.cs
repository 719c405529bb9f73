using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FaceSynth.Llm;

/// <summary>Builds the Chat Completions body for a task and the cache key of that body (AUDIT.md 6.2, 6.5).</summary>
public static class ChatRequestBuilder
{
    /// <summary>The request body: system message, user text and PNG images as data URLs.</summary>
    public static JsonObject Build(LlmConfig config, LlmTask task, IReadOnlyList<byte[]> pngImages) =>
        BuildCore(config, task, pngImages, png => "data:image/png;base64," + Convert.ToBase64String(png));

    /// <summary>SHA-256 (hex) of the canonical request with images replaced by the hash of their bytes.</summary>
    public static string CacheKey(LlmConfig config, LlmTask task, IReadOnlyList<byte[]> pngImages)
    {
        ArgumentNullException.ThrowIfNull(config);
        var body = BuildCore(config, task, pngImages, png => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(png)));
        body["base_url"] = config.BaseUrl.TrimEnd('/').ToLowerInvariant();
        body["prompt_set"] = config.PromptSet;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(body))));
    }

    /// <summary>
    /// Canonical JSON text: object keys sorted ordinally (UTF-16 code units) at every level, no whitespace, strings
    /// with only the escapes JSON requires (<c>\"</c>, <c>\\</c>, control characters; everything else literal
    /// UTF-8, as RFC 8785 and Python's <c>json.dumps(..., ensure_ascii=False)</c> write them), numbers as written
    /// by System.Text.Json (shortest round-trip form).
    /// </summary>
    public static string Canonical(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(node, sb);
        return sb.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder sb)
    {
        switch (node)
        {
            case JsonObject o:
                sb.Append('{');
                bool first = true;
                foreach (var kv in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    WriteString(kv.Key, sb);
                    sb.Append(':');
                    Write(kv.Value, sb);
                }

                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (int i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    Write(a[i], sb);
                }

                sb.Append(']');
                break;
            case null:
                sb.Append("null");
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                WriteString(v.GetValue<string>(), sb);
                break;
            default:
                sb.Append(node.ToJsonString());
                break;
        }
    }

    private static void WriteString(string s, StringBuilder sb)
    {
        sb.Append('"');
        foreach (char ch in s)
        {
            string? escape = ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => "\\u" + ((int)ch).ToString("x4", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (escape is null)
            {
                sb.Append(ch);
            }
            else
            {
                sb.Append(escape);
            }
        }

        sb.Append('"');
    }

    private static JsonObject BuildCore(LlmConfig config, LlmTask task, IReadOnlyList<byte[]> images, Func<byte[], string> url)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(images);
        var content = new JsonArray { new JsonObject { ["type"] = "text", ["text"] = Prompts.UserText(task, config.PairLayout, config.Framing, config.PromptSet) } };
        foreach (var png in images)
        {
            var imageUrl = new JsonObject { ["url"] = url(png) };
            if (config.ImageDetail is not null)
            {
                imageUrl["detail"] = config.ImageDetail;
            }

            content.Add(new JsonObject { ["type"] = "image_url", ["image_url"] = imageUrl });
        }

        var body = new JsonObject
        {
            ["model"] = config.Model,
            ["messages"] = new JsonArray
            {
                new JsonObject { ["role"] = "system", ["content"] = Prompts.System },
                new JsonObject { ["role"] = "user", ["content"] = content },
            },
            ["temperature"] = config.Temperature,
            ["max_tokens"] = config.MaxTokens,
        };
        if (config.Seed is { } seed)
        {
            body["seed"] = seed;
        }

        return body;
    }
}
