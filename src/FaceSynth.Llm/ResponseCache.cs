using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace FaceSynth.Llm;

/// <summary>
/// SQLite store of completed answers (AUDIT.md 6.5): table
/// <c>responses(key TEXT PRIMARY KEY, created_utc TEXT, model TEXT, response_json TEXT)</c>. Errors are never
/// stored; refusals are. The database runs in WAL mode and every write is one <c>INSERT OR IGNORE</c> (its own
/// short transaction), so parallel requests of one run, and several runs, can share a file; the first stored
/// answer for a key wins, which keeps replays stable. Connections are pooled and opened per operation.
/// </summary>
public sealed class ResponseCache : IDisposable
{
    /// <summary>The schema version written to <c>PRAGMA user_version</c> of a new cache file.</summary>
    public const int SchemaVersion = 1;

    /// <summary>File name the CLI uses inside an output folder.</summary>
    public const string DefaultFileName = "llm_cache.db";

    private const string CreateSql =
        "CREATE TABLE IF NOT EXISTS responses(key TEXT PRIMARY KEY, created_utc TEXT, model TEXT, response_json TEXT)";

    private static readonly string[] Columns = ["key", "created_utc", "model", "response_json"];

    private readonly string _connectionString;
    private readonly bool _exists;

    /// <summary>
    /// Opens the cache file <paramref name="file"/>. Writable: creates it (and its folder) if needed. Read-only:
    /// never creates or changes anything; a missing file behaves as an empty cache (<see cref="Exists"/> false).
    /// A file that is not an SQLite database, is damaged or holds a <c>responses</c> table of another shape
    /// throws <see cref="FaceSynthDataException"/> naming the file.
    /// </summary>
    public ResponseCache(string file, bool readOnly = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        FilePath = Path.GetFullPath(file);
        ReadOnly = readOnly;
        if (Directory.Exists(FilePath))
        {
            throw new FaceSynthDataException(FilePath, $"is a folder; the response cache is an SQLite file (for example {Path.Combine(FilePath, DefaultFileName)})");
        }

        _exists = File.Exists(FilePath);
        if (!readOnly)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        if (readOnly && !_exists)
        {
            return;
        }

        Guard(() =>
        {
            using var c = Open();
            if (!readOnly)
            {
                // WAL is a property of the file; set once, it lets readers run beside the single writer.
                Execute(c, "PRAGMA journal_mode=WAL");
                using var tx = c.BeginTransaction(deferred: false);
                if (Scalar(c, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", tx) > 0
                    && Scalar(c, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'responses'", tx) == 0)
                {
                    // Someone else's database: do not add our table to it.
                    throw new FaceSynthDataException(FilePath, "is an SQLite database without a 'responses' table: not a FaceSynth LLM response cache");
                }

                Execute(c, CreateSql, tx);
                if (Scalar(c, "PRAGMA user_version", tx) == 0)
                {
                    Execute(c, $"PRAGMA user_version={SchemaVersion}", tx);
                }

                tx.Commit();
            }

            CheckSchema(c);
            return 0;
        });
    }

    /// <summary>Full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>True when opened read-only (replay).</summary>
    public bool ReadOnly { get; }

    /// <summary>False only for a read-only cache whose file does not exist (every lookup misses).</summary>
    public bool Exists => _exists || !ReadOnly;

    /// <summary>A stored answer (marked <see cref="ChatResult.Cached"/>), or null.</summary>
    public ChatResult? TryGet(string key)
    {
        CheckKey(key);
        if (!Exists)
        {
            return null;
        }

        string? json = Guard(() =>
        {
            using var c = Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT response_json FROM responses WHERE key = $key";
            cmd.Parameters.AddWithValue("$key", key);
            return cmd.ExecuteScalar() as string;
        });
        return json is null ? null : FromJson(key, json);
    }

    /// <summary>
    /// Stores a completed answer for <paramref name="key"/> (requested <paramref name="model"/>); failed
    /// requests are ignored, and an existing entry is kept. Not allowed on a read-only cache.
    /// </summary>
    public void Put(string key, string model, ChatResult result)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(result);
        if (ReadOnly)
        {
            throw new InvalidOperationException("the response cache was opened read-only");
        }

        if (!result.Completed)
        {
            return;
        }

        string json = ToJson(result);
        Guard(() =>
        {
            using var c = Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT OR IGNORE INTO responses(key, created_utc, model, response_json) VALUES ($key, $created, $model, $json)";
            cmd.Parameters.AddWithValue("$key", key);
            cmd.Parameters.AddWithValue("$created", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$model", model ?? "");
            cmd.Parameters.AddWithValue("$json", json);
            return cmd.ExecuteNonQuery();
        });
    }

    /// <summary>Number of stored answers.</summary>
    public long Count() => !Exists ? 0 : Guard(() =>
    {
        using var c = Open();
        return Scalar(c, "SELECT COUNT(*) FROM responses");
    });

    /// <summary>Releases pooled connections, so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        using var c = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(c);
    }

    /// <summary>The <c>response_json</c> text: assistant text, finish reason, returned model, usage, fingerprint.</summary>
    internal static string ToJson(ChatResult r)
    {
        var o = new JsonObject
        {
            ["text"] = r.Text,
            ["finish_reason"] = r.FinishReason,
            ["model"] = r.ResponseModel,
            ["usage"] = ParseOrText(r.Usage),
            ["system_fingerprint"] = r.SystemFingerprint,
        };
        return o.ToJsonString();
    }

    private static JsonNode? ParseOrText(string? usage)
    {
        if (usage is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(usage);
        }
        catch (JsonException)
        {
            return JsonValue.Create(usage);
        }
    }

    private ChatResult FromJson(string key, string json)
    {
        try
        {
            var o = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("not a JSON object");
            return new ChatResult
            {
                Completed = true,
                Text = Str(o, "text"),
                FinishReason = Str(o, "finish_reason"),
                ResponseModel = Str(o, "model"),
                Usage = o["usage"] switch
                {
                    null => null,
                    JsonValue v when v.TryGetValue(out string? s) => s,
                    var n => n.ToJsonString(),
                },
                SystemFingerprint = Str(o, "system_fingerprint"),
                Cached = true,
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new FaceSynthDataException(FilePath, $"cache entry {key}: response_json is not a valid stored answer ({e.Message}); delete the file or the entry");
        }
    }

    private static string? Str(JsonObject o, string name) => o[name] is JsonValue v ? v.GetValue<string>() : null;

    private static void CheckKey(string key)
    {
        if (key is null || key.Length != 64 || !key.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("cache keys are lower-case SHA-256 hex digests", nameof(key));
        }
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Execute(c, "PRAGMA busy_timeout=30000");
        return c;
    }

    private void CheckSchema(SqliteConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name FROM pragma_table_info('responses') ORDER BY cid";
        var cols = new List<string>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                cols.Add(r.GetString(0));
            }
        }

        if (cols.Count == 0)
        {
            throw new FaceSynthDataException(FilePath, "is an SQLite database without a 'responses' table: not a FaceSynth LLM response cache");
        }

        if (!Columns.All(x => cols.Contains(x, StringComparer.OrdinalIgnoreCase)))
        {
            throw new FaceSynthDataException(FilePath, $"table 'responses' has columns ({string.Join(", ", cols)}), expected ({string.Join(", ", Columns)}): not a FaceSynth LLM response cache");
        }
    }

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11)
        {
            // SQLITE_NOTADB (26) / SQLITE_CORRUPT (11)
            throw new FaceSynthDataException(FilePath, $"is not an SQLite database or is damaged ({e.Message.TrimEnd('.')}); delete it or choose another cache file", e);
        }
        catch (SqliteException e)
        {
            throw new FaceSynthDataException(FilePath, $"response cache error: {e.Message}", e);
        }
    }

    private static void Execute(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
