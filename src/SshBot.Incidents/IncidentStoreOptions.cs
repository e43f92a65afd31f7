namespace SshBot.Incidents;

/// <summary>Where and how the incident history is kept.</summary>
public sealed class IncidentStoreOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>"sqlite" (default, one file) or "postgres" (several bot replicas sharing history).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// PostgreSQL: required (Npgsql syntax). SQLite: optional; when empty the file is
    /// <c>&lt;DataDirectory&gt;/sshbot.db</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Defaults to $SSHBOT_DATA_DIR, else ~/.local/share/sshbot.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>A new request for a target joins its open incident if that saw activity this recently.</summary>
    public TimeSpan JoinWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long resolved incidents are kept, for whoever calls PruneAsync.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>The data directory after defaults are applied.</summary>
    public string ResolveDataDirectory() =>
        ResolveDataDirectory(DataDirectory, Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    internal static string ResolveDataDirectory(string? configured, Func<string, string?> environment, string home)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var fromEnv = environment("SSHBOT_DATA_DIR");
        return string.IsNullOrWhiteSpace(fromEnv) ? Path.Combine(home, ".local", "share", "sshbot") : fromEnv;
    }
}
