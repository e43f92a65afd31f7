using Npgsql;
using SshBot.Incidents.Tests.Contract;

namespace SshBot.Incidents.Tests.Postgres;

/// <summary>The store contract against a real PostgreSQL server, each test in a schema of its own.</summary>
public sealed class PostgresIncidentStoreTests : IncidentStoreContract
{
    private readonly string _schema = "sshbot_t_" + Guid.NewGuid().ToString("N");
    private string? _connectionString;

    public override async ValueTask InitializeAsync() =>
        _connectionString = await PostgresDatabase.CreateSchemaAsync(_schema, Ct);

    protected override IncidentStoreOptions StoreOptions() =>
        new() { Provider = "postgres", ConnectionString = _connectionString };

    protected override Task SetSchemaVersionAsync(int version) =>
        ExecuteSqlAsync($"UPDATE schema_version SET version = {version.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task ASessionThatDoesNotWaitForCommitsToReachDiskIsRefused()
    {
        var notDurable = new NpgsqlConnectionStringBuilder(_connectionString) { Options = "-c synchronous_commit=off" }.ConnectionString;

        var refused = await Assert.ThrowsAsync<IncidentStoreException>(() =>
            IncidentStoreFactory.CreateAsync(new IncidentStoreOptions { Provider = "postgres", ConnectionString = notDurable }, ct: Ct));

        Assert.Contains("synchronous_commit is off", refused.Message, StringComparison.Ordinal);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_connectionString is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresDatabase.DropSchemaAsync(_schema);
        }
    }
}
