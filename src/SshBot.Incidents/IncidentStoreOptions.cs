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

    /// <summary>
    /// Defaults to $SSHBOT_DATA_DIR, else $XDG_DATA_HOME/sshbot, else ~/.local/share/sshbot, else
    /// (a system user with no home) <see cref="SystemDataDirectory"/>; never the working directory.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>A new request for a target joins its open incident if that saw activity this recently.</summary>
    public TimeSpan JoinWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long resolved incidents are kept, for whoever calls PruneAsync.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Where a user with no home directory keeps its data: systemd's StateDirectory=sshbot.</summary>
    public const string SystemDataDirectory = "/var/lib/sshbot";

    /// <summary>The data directory after defaults are applied.</summary>
    public string ResolveDataDirectory() =>
        ResolveDataDirectory(DataDirectory, Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), Directory.Exists);

    internal static string ResolveDataDirectory(string? configured, Func<string, string?> environment, string? home, Func<string, bool> exists)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (environment("SSHBOT_DATA_DIR") is { } fromEnv && !string.IsNullOrWhiteSpace(fromEnv))
        {
            return fromEnv;
        }

        // The XDG base directory specification: a relative $XDG_DATA_HOME is to be ignored.
        if (environment("XDG_DATA_HOME") is { } xdg && Path.IsPathFullyQualified(xdg))
        {
            return Path.Combine(xdg, "sshbot");
        }

        // No home, "/" or one that does not exist (/nonexistent): a system user, as under systemd.
        // A relative "home" would put the store wherever the command happens to run.
        return home is not null && Path.IsPathFullyQualified(home) && home.TrimEnd('/').Length > 0 && exists(home)
            ? Path.Combine(home, ".local", "share", "sshbot")
            : SystemDataDirectory;
    }
}
