using Microsoft.Extensions.Configuration;
using SshBot.Chat.Running;
using SshBot.Diagnostics.SshSessions;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;

namespace SshBot.App.Cli;

/// <summary>
/// What every command runs with, in one precedence: flags over environment over
/// appsettings.json (in the working directory) over defaults. The keys are the ones
/// <c>sshbot serve</c> reads (<c>Storage:*</c>, <c>Kb:Directory</c>, <c>Ssh:*</c>,
/// <c>Targets:Deny</c>, <c>Audit:Path</c>), so a command and the server agree on one
/// configuration. A flag is a value for its key laid over the rest: <c>--identity</c> replaces
/// <c>Ssh__IdentityFile</c> before anything is checked, so a bad configured key never stops a run
/// that names a good one.
/// </summary>
internal sealed class CliSettings
{
    private IncidentStoreOptions? _store;

    private CliSettings(IConfiguration configuration) => Configuration = configuration;

    public IConfiguration Configuration { get; }

    /// <summary>Builds the layers; <paramref name="flags"/> maps configuration keys (<see cref="CliKeys"/>) to the values given on the command line, null for a flag not given.</summary>
    public static CliSettings Load(IEnumerable<KeyValuePair<string, string?>>? flags = null) =>
        new(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddInMemoryCollection(LegacyEnvironment())
            .AddEnvironmentVariables()
            .AddInMemoryCollection((flags ?? []).Where(f => !string.IsNullOrWhiteSpace(f.Value)))
            .Build());

    /// <summary>The incident store (section <c>Storage</c>), checked.</summary>
    /// <exception cref="InvalidDataException">The provider is unknown, or PostgreSQL has no connection string.</exception>
    public IncidentStoreOptions Store => _store ??= ReadStore();

    /// <summary>Storage:DataDirectory, else the default of <see cref="IncidentStoreOptions.ResolveDataDirectory()"/>.</summary>
    public string DataDirectory => Store.ResolveDataDirectory();

    /// <summary>Kb:Directory; null: the kb/ folder of this installation.</summary>
    public string? KbDirectory => Blank(Configuration[CliKeys.KbDirectory]);

    /// <summary>Audit:Path, else audit.jsonl in the data directory.</summary>
    public string AuditPath => Blank(Configuration["Audit:Path"]) ?? Path.Combine(DataDirectory, "audit.jsonl");

    /// <summary>The CLI's target policy: the operator's own authority (Targets:Allow is for chat), but never what Targets:Deny lists.</summary>
    public TargetPolicyOptions Targets => new() { Deny = [.. Entries(Configuration.GetSection("Targets:Deny"))] };

    /// <summary>The policy of <see cref="Targets"/>.</summary>
    public TargetPolicy Policy => new(Targets);

    /// <summary>The bot's SSH identity (Ssh:*), known_hosts defaulting to the data directory.</summary>
    /// <exception cref="SshConfigurationException">A setting is unusable; the message names it.</exception>
    public SshOptions Ssh() => SshSettings.Resolve(Configuration, DataDirectory);

    private IncidentStoreOptions ReadStore()
    {
        var section = Configuration.GetSection("Storage");
        var options = section.Get<IncidentStoreOptions>() ?? new IncidentStoreOptions();
        options.Provider = Blank(options.Provider) ?? IncidentStoreOptions.Sqlite;
        options.DataDirectory = Blank(options.DataDirectory);
        // Only PostgreSQL takes $SSHBOT_INCIDENTS_CONNECTION: it must never become a SQLite connection string.
        if (options.Provider == IncidentStoreOptions.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            options.ConnectionString = Blank(Environment.GetEnvironmentVariable("SSHBOT_INCIDENTS_CONNECTION"));
        }

        return options.Provider switch
        {
            IncidentStoreOptions.Sqlite => options,
            IncidentStoreOptions.Postgres when !string.IsNullOrWhiteSpace(options.ConnectionString) => options,
            IncidentStoreOptions.Postgres => throw new InvalidDataException("the postgres store needs a connection string: Storage__ConnectionString or $SSHBOT_INCIDENTS_CONNECTION (an Npgsql connection string)"),
            _ => throw new InvalidDataException($"'{options.Provider}' is not a store (--store or Storage:Provider: sqlite or postgres)"),
        };
    }

    /// <summary>The CLI's older variables, beneath the Storage__* ones: $SSHBOT_DATA_DIR, $SSHBOT_INCIDENTS_PROVIDER.</summary>
    private static Dictionary<string, string?> LegacyEnvironment()
    {
        var values = new Dictionary<string, string?>();
        Add(CliKeys.DataDirectory, "SSHBOT_DATA_DIR");
        Add(CliKeys.Store, "SSHBOT_INCIDENTS_PROVIDER");
        return values;

        void Add(string key, string variable)
        {
            if (Blank(Environment.GetEnvironmentVariable(variable)) is { } value)
            {
                values[key] = value;
            }
        }
    }

    /// <summary>Targets__Deny__0, __1, ... or one comma-separated value; blank entries skipped.</summary>
    private static IEnumerable<string> Entries(IConfigurationSection section)
    {
        var children = section.GetChildren().Select(c => c.Value ?? "").ToList();
        IEnumerable<string> raw = children.Count > 0 ? children : (section.Value ?? "").Split(',');
        return raw.Select(e => e.Trim()).Where(e => e.Length > 0);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
