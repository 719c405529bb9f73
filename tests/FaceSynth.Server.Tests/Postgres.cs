using Npgsql;

namespace FaceSynth.Server.Tests;

/// <summary>
/// The PostgreSQL server that .ci/prereqs/postgresql.sh starts. Each use gets a fresh schema (dropped afterwards).
/// Missing server: the test fails when CI=true, and is skipped otherwise.
/// </summary>
internal sealed class PgSchema : IDisposable
{
    public const string DefaultConnection = "Host=127.0.0.1;Port=5432;Username=facesynth;Password=facesynth;Database=facesynth_test";

    private readonly string _admin;
    private readonly string _schema;

    private PgSchema(string admin, string schema)
    {
        _admin = admin;
        _schema = schema;
    }

    /// <summary>Connection string whose search path is the fresh schema.</summary>
    public string ConnectionString => $"{_admin};Search Path={_schema}";

    public static PgSchema Create()
    {
        string admin = Environment.GetEnvironmentVariable("FACESYNTH_TEST_PG") is { Length: > 0 } env ? env : DefaultConnection;
        string schema = "fs_test_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            using var c = new NpgsqlConnection(admin + ";Timeout=5");
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE SCHEMA {schema}", c);
            cmd.ExecuteNonQuery();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            string why = $"PostgreSQL not reachable ({admin.Split(";Password=")[0]};...): {e.Message}";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(why + " - .ci/prereqs/postgresql.sh should have started it", e);
            }

            throw new SkipException(why);
        }

        return new PgSchema(admin, schema);
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var c = new NpgsqlConnection(_admin);
        c.Open();
        using var cmd = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", c);
        cmd.ExecuteNonQuery();
    }
}
