using Npgsql;

namespace SshBot.Incidents.Tests.Postgres;

/// <summary>
/// The PostgreSQL server the tests run against, from SSHBOT_TEST_POSTGRES (set by
/// infra/setup/services.d/20-postgres.sh). Missing, the tests fail, unless SSHBOT_ALLOW_NO_POSTGRES=1.
/// </summary>
public static class PostgresDatabase
{
    public static string ConnectionString()
    {
        var value = Environment.GetEnvironmentVariable("SSHBOT_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        const string Why = "SSHBOT_TEST_POSTGRES is not set, so the PostgreSQL incident store cannot be tested. " +
            "Start the test server with: eval \"$(bash infra/setup/services.d/20-postgres.sh)\"";
        if (Environment.GetEnvironmentVariable("SSHBOT_ALLOW_NO_POSTGRES") == "1")
        {
            Assert.Skip(Why + " (skipped because SSHBOT_ALLOW_NO_POSTGRES=1)");
        }

        Assert.Fail(Why + " (or set SSHBOT_ALLOW_NO_POSTGRES=1 to skip these tests locally)");
        return string.Empty;
    }

    /// <summary>Creates a schema of its own for one test and returns a connection string that uses it.</summary>
    public static async Task<string> CreateSchemaAsync(string schema, CancellationToken ct)
    {
        var baseString = ConnectionString();
        await using var connection = new NpgsqlConnection(baseString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await command.ExecuteNonQueryAsync(ct);
        return new NpgsqlConnectionStringBuilder(baseString) { SearchPath = schema }.ConnectionString;
    }

    public static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
