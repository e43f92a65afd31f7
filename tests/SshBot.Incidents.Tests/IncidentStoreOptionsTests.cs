namespace SshBot.Incidents.Tests;

public sealed class IncidentStoreOptionsTests
{
    [Fact]
    public void TheDataDirectoryIsTheConfiguredOneThenSshbotDataDirThenTheXdgDefault()
    {
        Assert.Equal("/srv/sshbot", IncidentStoreOptions.ResolveDataDirectory("/srv/sshbot", _ => "/env", "/home/u", _ => true));
        Assert.Equal("/env", IncidentStoreOptions.ResolveDataDirectory(null, name => name == "SSHBOT_DATA_DIR" ? "/env" : null, "/home/u", _ => true));
        Assert.Equal("/home/u/.local/share/sshbot", IncidentStoreOptions.ResolveDataDirectory(null, _ => null, "/home/u", _ => true));
    }

    [Fact]
    public void XdgDataHomeIsUsedWhenAbsoluteAndIgnoredWhenRelative()
    {
        Assert.Equal("/data/u/sshbot", IncidentStoreOptions.ResolveDataDirectory(null, name => name == "XDG_DATA_HOME" ? "/data/u" : null, "/home/u", _ => true));
        Assert.Equal("/home/u/.local/share/sshbot", IncidentStoreOptions.ResolveDataDirectory(null, name => name == "XDG_DATA_HOME" ? "data" : null, "/home/u", _ => true));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    [InlineData(".")]
    [InlineData("/nonexistent")]
    public void AUserWithNoHomeKeepsItsDataInVarLibSshbotNeverTheWorkingDirectory(string? home)
    {
        var directory = IncidentStoreOptions.ResolveDataDirectory(null, _ => null, home, path => path != "/nonexistent");

        Assert.Equal("/var/lib/sshbot", directory);
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
