namespace SshBot.Lab.Tests.Configuration;

/// <summary>Where the store goes when nothing names a data directory: XDG, then the home directory; never the working directory.</summary>
public sealed class DataDirectoryTests : IDisposable
{
    private readonly ConfiguredSshbot _sshbot = new();

    [Fact]
    public async Task TheStoreGoesToXdgDataHome()
    {
        var xdg = _sshbot.PathOf("xdg");

        var run = await _sshbot.RunAsync(new Dictionary<string, string> { ["XDG_DATA_HOME"] = xdg, ["HOME"] = _sshbot.PathOf("home"), ["Kb__Directory"] = ConfiguredSshbot.Kb }, "diagnose", "127.0.0.1:9");

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(xdg, "sshbot", "sshbot.db")));
        Assert.Empty(Directory.GetFileSystemEntries(_sshbot.WorkingDirectory));
    }

    [Fact]
    public async Task WithoutXdgDataHomeTheStoreGoesUnderTheHomeDirectoryNotTheWorkingDirectory()
    {
        var home = Directory.CreateDirectory(_sshbot.PathOf("home")).FullName;

        var run = await _sshbot.RunAsync(new Dictionary<string, string> { ["HOME"] = home, ["Kb__Directory"] = ConfiguredSshbot.Kb }, "diagnose", "127.0.0.1:9");

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(home, ".local", "share", "sshbot", "sshbot.db")));
        Assert.Empty(Directory.GetFileSystemEntries(_sshbot.WorkingDirectory));
    }

    public void Dispose() => _sshbot.Dispose();
}
