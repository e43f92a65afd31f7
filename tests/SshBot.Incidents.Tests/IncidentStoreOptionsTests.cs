namespace SshBot.Incidents.Tests;

public sealed class IncidentStoreOptionsTests
{
    [Fact]
    public void TheDataDirectoryIsTheConfiguredOneThenSshbotDataDirThenTheXdgDefault()
    {
        Assert.Equal("/srv/sshbot", IncidentStoreOptions.ResolveDataDirectory("/srv/sshbot", _ => "/env", "/home/u"));
        Assert.Equal("/env", IncidentStoreOptions.ResolveDataDirectory(null, name => name == "SSHBOT_DATA_DIR" ? "/env" : null, "/home/u"));
        Assert.Equal("/home/u/.local/share/sshbot", IncidentStoreOptions.ResolveDataDirectory(null, _ => null, "/home/u"));
    }

    [Fact]
    public void TheDefaultsAreSqliteAThirtyMinuteJoinWindowAndAYearOfHistory()
    {
        var options = new IncidentStoreOptions();

        Assert.Equal(("sqlite", TimeSpan.FromMinutes(30), TimeSpan.FromDays(365)), (options.Provider, options.JoinWindow, options.Retention));
    }

    [Fact]
    public void TheDefaultSqliteFileIsSshbotDbInTheDataDirectory()
    {
        var connectionString = IncidentStoreFactory.SqliteConnectionString(new IncidentStoreOptions { DataDirectory = "/srv/sshbot" });

        Assert.Contains("Data Source=/srv/sshbot/sshbot.db", connectionString, StringComparison.Ordinal);
    }
}
