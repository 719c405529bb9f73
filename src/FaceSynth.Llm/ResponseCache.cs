using System.Text.Json;

namespace FaceSynth.Llm;

/// <summary>
/// Disk cache of completed answers, one JSON file per request key (sharded by the key's first two hex
/// digits). Errors are never stored; refusals are. Files are written to a temporary name and moved.
/// </summary>
public sealed class ResponseCache
{
    private readonly string _dir;

    /// <summary>Opens (creating if needed) the cache folder <paramref name="dir"/>.</summary>
    public ResponseCache(string dir)
    {
        _dir = Path.GetFullPath(dir);
        Directory.CreateDirectory(_dir);
    }

    /// <summary>A stored answer, or null.</summary>
    public ChatResult? TryGet(string key)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var entry = JsonSerializer.Deserialize<Entry>(File.ReadAllText(path), LlmConfig.Json);
            return entry is null ? null : new ChatResult
            {
                Completed = true,
                Text = entry.Text,
                FinishReason = entry.FinishReason,
                ResponseModel = entry.ResponseModel,
                Usage = entry.Usage,
                SystemFingerprint = entry.SystemFingerprint,
                Cached = true,
            };
        }
        catch (JsonException)
        {
            // A damaged entry is a miss; it will be rewritten.
            return null;
        }
    }

    /// <summary>Stores a completed answer (ignores failed ones).</summary>
    public void Put(string key, string model, ChatResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Completed)
        {
            return;
        }

        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var entry = new Entry(key, DateTime.UtcNow.ToString("O"), model, result.Text, result.FinishReason, result.ResponseModel, result.Usage, result.SystemFingerprint);
        var tmp = path + ".tmp-" + Environment.ProcessId + "-" + Environment.CurrentManagedThreadId;
        File.WriteAllText(tmp, JsonSerializer.Serialize(entry, LlmConfig.Json));
        File.Move(tmp, path, overwrite: true);
    }

    private string PathOf(string key)
    {
        if (key.Length < 8 || !key.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("cache keys are lower-case hex digests", nameof(key));
        }

        return Path.Combine(_dir, key[..2], key + ".json");
    }

    private sealed record Entry(string Key, string CreatedUtc, string Model, string? Text, string? FinishReason, string? ResponseModel, string? Usage, string? SystemFingerprint);
}
