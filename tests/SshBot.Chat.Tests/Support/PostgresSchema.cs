using Npgsql;

namespace SshBot.Chat.Tests.Support;

/// <summary>
/// A schema of its own on the test PostgreSQL server (SSHBOT_TEST_POSTGRES, set by
/// infra/setup/services.d/20-postgres.sh), dropped afterwards. Missing, the test fails,
/// unless SSHBOT_ALLOW_NO_POSTGRES=1.
/// </summary>
public sealed class PostgresSchema : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private PostgresSchema(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = name }.ConnectionString;
    }

    /// <summary>A connection string whose search path is this schema.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresSchema> CreateAsync(CancellationToken ct)
    {
        var server = Environment.GetEnvironmentVariable("SSHBOT_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            const string Why = "SSHBOT_TEST_POSTGRES is not set: start the test server with eval \"$(bash infra/setup/services.d/20-postgres.sh)\"";
            if (Environment.GetEnvironmentVariable("SSHBOT_ALLOW_NO_POSTGRES") == "1")
            {
                Assert.Skip(Why + " (skipped because SSHBOT_ALLOW_NO_POSTGRES=1)");
            }

            Assert.Fail(Why);
        }

        var schema = new PostgresSchema(server, "sshbot_c_" + Guid.NewGuid().ToString("N"));
        await schema.ExecuteAsync($"CREATE SCHEMA {schema._name}", ct);
        return schema;
    }

    public async ValueTask DisposeAsync() => await ExecuteAsync($"DROP SCHEMA IF EXISTS {_name} CASCADE", CancellationToken.None);

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
