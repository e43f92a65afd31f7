using SshBot.Incidents;

namespace SshBot.App.Incidents;

/// <summary>
/// Which incident store the CLI uses: SQLite in the data directory by default, or PostgreSQL
/// when chosen (flag or $SSHBOT_INCIDENTS_PROVIDER) with its connection string from
/// $SSHBOT_INCIDENTS_CONNECTION, never from the command line where `ps` would show it.
/// </summary>
internal static class StoreSelection
{
    /// <exception cref="InvalidDataException">The provider is unknown, or PostgreSQL has no connection string.</exception>
    public static IncidentStoreOptions Resolve(string? provider, string? dataDirectory)
    {
        var options = new IncidentStoreOptions
        {
            Provider = provider ?? Environment.GetEnvironmentVariable("SSHBOT_INCIDENTS_PROVIDER") ?? IncidentStoreOptions.Sqlite,
            DataDirectory = dataDirectory,
        };
        switch (options.Provider)
        {
            case IncidentStoreOptions.Sqlite:
                return options;
            case IncidentStoreOptions.Postgres:
                options.ConnectionString = Environment.GetEnvironmentVariable("SSHBOT_INCIDENTS_CONNECTION");
                return string.IsNullOrWhiteSpace(options.ConnectionString)
                    ? throw new InvalidDataException("--store postgres needs $SSHBOT_INCIDENTS_CONNECTION (an Npgsql connection string)")
                    : options;
            default:
                throw new InvalidDataException($"--store '{options.Provider}' is not a store (use sqlite or postgres)");
        }
    }

    /// <summary>True when the SQLite file exists (reading must never create one).</summary>
    public static bool Exists(IncidentStoreOptions options) =>
        options.Provider != IncidentStoreOptions.Sqlite
        || File.Exists(Path.Combine(options.ResolveDataDirectory(), IncidentStoreFactory.DefaultFileName));
}
