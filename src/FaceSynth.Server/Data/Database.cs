using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FaceSynth.Server.Data;

/// <summary>Which database engine holds the challenge.</summary>
public enum DatabaseKind
{
    /// <summary>An embedded SQLite file (default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server.</summary>
    Postgres,
}

/// <summary>
/// The connection factory and the handful of SQL differences between SQLite and PostgreSQL. Everything else uses
/// portable SQL with <c>@name</c> parameters (both providers accept them).
/// </summary>
public sealed class Database : IDisposable
{
    private readonly NpgsqlDataSource? _pg;

    private Database(DatabaseKind kind, string connectionString)
    {
        Kind = kind;
        ConnectionString = connectionString;
        if (kind == DatabaseKind.Postgres)
        {
            _pg = NpgsqlDataSource.Create(connectionString);
        }
    }

    /// <summary>The engine.</summary>
    public DatabaseKind Kind { get; }

    /// <summary>The connection string (contains the password for PostgreSQL: do not show it).</summary>
    public string ConnectionString { get; }

    /// <summary>A description without secrets, for logs and pages.</summary>
    public string Describe()
    {
        if (Kind == DatabaseKind.Sqlite)
        {
            return $"SQLite {new SqliteConnectionStringBuilder(ConnectionString).DataSource}";
        }

        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
    }

    /// <summary>
    /// Chooses the engine: null or empty gives SQLite at <c>&lt;dataDir&gt;/facesynth.db</c>; a string with <c>Host=</c>
    /// is PostgreSQL; <c>Data Source=...</c> or a path ending in .db/.sqlite is SQLite.
    /// </summary>
    /// <exception cref="ArgumentException">The string is neither.</exception>
    public static Database Open(string? connection, string dataDir)
    {
        if (string.IsNullOrWhiteSpace(connection))
        {
            return Sqlite(Path.Combine(dataDir, "facesynth.db"));
        }

        var c = connection.Trim();
        if (c.Contains("Host=", StringComparison.OrdinalIgnoreCase) || c.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            return new Database(DatabaseKind.Postgres, c);
        }

        if (c.Contains("Data Source=", StringComparison.OrdinalIgnoreCase))
        {
            var b = new SqliteConnectionStringBuilder(c);
            return Sqlite(b.DataSource);
        }

        if (c.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || c.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase) || c.EndsWith(".sqlite3", StringComparison.OrdinalIgnoreCase))
        {
            return Sqlite(c);
        }

        throw new ArgumentException($"--database: expected a PostgreSQL connection string (Host=...;Username=...;Password=...;Database=...) or a SQLite file (*.db or Data Source=...), got '{(c.Length > 40 ? c[..40] + "..." : c)}'");
    }

    private static Database Sqlite(string file)
    {
        file = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var b = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new Database(DatabaseKind.Sqlite, b.ToString());
    }

    /// <summary>Opens a connection.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_pg is not null)
        {
            return await _pg.OpenConnectionAsync(ct).ConfigureAwait(false);
        }

        var c = new SqliteConnection(ConnectionString);
        await c.OpenAsync(ct).ConfigureAwait(false);
        using (var cmd = c.CreateCommand())
        {
            // WAL: readers never wait for the scorer's writes; busy_timeout lets concurrent writers queue.
            cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        return c;
    }

    /// <summary>Starts a write transaction (SQLite: BEGIN IMMEDIATE, so writers queue instead of deadlocking).</summary>
    public static async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is SqliteConnection s)
        {
            return s.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        }

        return await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
    }

    /// <summary>Column type of an auto-numbered primary key.</summary>
    public string IdColumn => Kind == DatabaseKind.Sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";

    /// <summary>Column type of binary content.</summary>
    public string BlobColumn => Kind == DatabaseKind.Sqlite ? "BLOB" : "BYTEA";

    /// <summary>Row-locking suffix for the queue's claim query (PostgreSQL only: concurrent workers skip each other's rows).</summary>
    public string SkipLocked => Kind == DatabaseKind.Postgres ? " FOR UPDATE SKIP LOCKED" : "";

    /// <inheritdoc />
    public void Dispose() => _pg?.Dispose();
}

/// <summary>Small ADO.NET helpers.</summary>
internal static class DbExtensions
{
    public static DbCommand Command(this DbConnection c, string sql, DbTransaction? tx = null)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    public static DbCommand With(this DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return cmd;
    }

    public static long? GetInt64OrNull(this DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt64(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    public static long GetLong(this DbDataReader r, int i) => Convert.ToInt64(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    public static string? GetStringOrNull(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static double? GetDoubleOrNull(this DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
}
