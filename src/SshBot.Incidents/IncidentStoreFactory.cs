using Microsoft.Data.Sqlite;
using SshBot.Incidents.Postgres;
using SshBot.Incidents.Sqlite;

namespace SshBot.Incidents;

/// <summary>Opens the configured store: checks it, migrates it, or refuses it with the reason.</summary>
public static class IncidentStoreFactory
{
    public const string DefaultFileName = "sshbot.db";

    /// <exception cref="IncidentStoreException">The store was refused (newer schema, not durable, bad options).</exception>
    public static async Task<IIncidentStore> CreateAsync(IncidentStoreOptions options, TimeProvider? time = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        time ??= TimeProvider.System;
        if (options.JoinWindow < TimeSpan.Zero)
        {
            throw new IncidentStoreException("The incident join window cannot be negative.");
        }

        switch (options.Provider.Trim().ToLowerInvariant())
        {
            case IncidentStoreOptions.Sqlite:
                return await SqliteIncidentStore.OpenAsync(SqliteConnectionString(options), options.JoinWindow, time, ct);
            case IncidentStoreOptions.Postgres:
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw new IncidentStoreException("The postgres incident store needs a connection string.");
                }

                return await PostgresIncidentStore.OpenAsync(options.ConnectionString, options.JoinWindow, time, ct);
            default:
                throw new IncidentStoreException($"Unknown incident store provider '{options.Provider}': use 'sqlite' or 'postgres'.");
        }
    }

    /// <summary>The SQLite connection string: the one given, else the default file in the data directory.</summary>
    public static string SqliteConnectionString(IncidentStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }

        var file = Path.Combine(options.ResolveDataDirectory(), DefaultFileName);
        return new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate }.ConnectionString;
    }
}
