using SshBot.App.Cli;
using SshBot.Incidents;

namespace SshBot.App.Incidents;

/// <summary>
/// Which incident store a command uses: <c>Storage:*</c> as <c>serve</c> reads it (SQLite in the
/// data directory by default, or PostgreSQL), with <c>--store</c> and <c>--data-dir</c> over it.
/// The connection string never comes from the command line, where `ps` would show it.
/// </summary>
internal static class StoreSelection
{
    /// <exception cref="InvalidDataException">The provider is unknown, or PostgreSQL has no connection string.</exception>
    public static IncidentStoreOptions Resolve(string? provider, string? dataDirectory) =>
        CliSettings.Load([CliKeys.Value(CliKeys.Store, provider), CliKeys.Path(CliKeys.DataDirectory, dataDirectory)]).Store;

    /// <summary>True when the SQLite file exists (reading must never create one).</summary>
    public static bool Exists(IncidentStoreOptions options) =>
        options.Provider != IncidentStoreOptions.Sqlite
        || File.Exists(Path.Combine(options.ResolveDataDirectory(), IncidentStoreFactory.DefaultFileName));
}
