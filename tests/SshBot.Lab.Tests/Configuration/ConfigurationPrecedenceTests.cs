namespace SshBot.Lab.Tests.Configuration;

/// <summary>
/// One precedence for every command, through the real program: flags over environment over
/// appsettings.json over defaults, with the keys `serve` reads.
/// </summary>
public sealed class ConfigurationPrecedenceTests : IDisposable
{
    private readonly ConfiguredSshbot _sshbot = new();

    /// <summary>A closed loopback port: refused at once, whatever the identity.</summary>
    private static readonly string[] Diagnose = ["diagnose", "127.0.0.1:9", "--json"];

    private Dictionary<string, string> Environment(params (string Name, string Value)[] settings)
    {
        var env = new Dictionary<string, string> { ["SSHBOT_DATA_DIR"] = _sshbot.PathOf("data"), ["Kb__Directory"] = ConfiguredSshbot.Kb };
        foreach (var (name, value) in settings)
        {
            env[name] = value;
        }

        return env;
    }

    [Fact]
    public async Task TheIdentityFlagWinsOverABadIdentityFileInTheEnvironment()
    {
        var key = await _sshbot.NewKeyAsync();
        var env = Environment(("Ssh__IdentityFile", _sshbot.PathOf("missing-key")));

        var configured = await _sshbot.RunAsync(env, Diagnose);
        var flagged = await _sshbot.RunAsync(env, [.. Diagnose, "--identity", key]);

        Assert.Equal(2, configured.ExitCode);
        Assert.Contains("Ssh:IdentityFile", configured.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, flagged.ExitCode);
        Assert.Equal("sshd-not-listening", flagged.Verdict);
    }

    [Fact]
    public async Task TheIdentityFlagWinsOverABadIdentityFileInAppsettings()
    {
        var key = await _sshbot.NewKeyAsync();
        _sshbot.WriteAppsettings($$"""{ "Ssh": { "IdentityFile": "{{_sshbot.PathOf("missing-key")}}" } }""");

        var configured = await _sshbot.RunAsync(Environment(), Diagnose);
        var flagged = await _sshbot.RunAsync(Environment(), [.. Diagnose, "--identity", key]);

        Assert.Equal(2, configured.ExitCode);
        Assert.Equal(0, flagged.ExitCode);
    }

    [Fact]
    public async Task TheEnvironmentWinsOverAppsettings()
    {
        var key = await _sshbot.NewKeyAsync();
        _sshbot.WriteAppsettings($$"""{ "Ssh": { "IdentityFile": "{{_sshbot.PathOf("missing-key")}}" } }""");

        var run = await _sshbot.RunAsync(Environment(("Ssh__IdentityFile", key)), Diagnose);

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task TheKnownHostsFlagWinsOverABadKnownHostsSetting()
    {
        var key = await _sshbot.NewKeyAsync();
        var env = Environment(("Ssh__IdentityFile", key), ("Ssh__KnownHostsFile", "relative/known_hosts"));

        var configured = await _sshbot.RunAsync(env, Diagnose);
        var flagged = await _sshbot.RunAsync(env, [.. Diagnose, "--known-hosts", _sshbot.PathOf("known_hosts")]);

        Assert.Equal(2, configured.ExitCode);
        Assert.Contains("Ssh:KnownHostsFile", configured.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, flagged.ExitCode);
    }

    [Fact]
    public async Task TheTimeoutFlagWinsOverABadConnectTimeoutSetting()
    {
        var env = Environment(("Ssh__ConnectTimeout", "soon"));

        var configured = await _sshbot.RunAsync(env, Diagnose);
        var flagged = await _sshbot.RunAsync(env, [.. Diagnose, "--timeout", "2"]);

        Assert.Equal(2, configured.ExitCode);
        Assert.Contains("Ssh:ConnectTimeout", configured.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, flagged.ExitCode);
    }

    [Fact]
    public async Task TheDataDirectoryIsTheFlagThenStorageDataDirectoryFromTheEnvironmentThenAppsettings()
    {
        var (fromJson, fromEnv, fromFlag) = (_sshbot.PathOf("json"), _sshbot.PathOf("env"), _sshbot.PathOf("flag"));
        _sshbot.WriteAppsettings($$"""{ "Storage": { "DataDirectory": "{{fromJson}}" } }""");
        var env = Environment();
        env.Remove("SSHBOT_DATA_DIR");

        await _sshbot.RunAsync(env, Diagnose);
        Assert.True(File.Exists(Path.Combine(fromJson, "sshbot.db")));
        env["Storage__DataDirectory"] = fromEnv;
        await _sshbot.RunAsync(env, Diagnose);
        Assert.True(File.Exists(Path.Combine(fromEnv, "sshbot.db")));
        await _sshbot.RunAsync(env, [.. Diagnose, "--data-dir", fromFlag]);
        Assert.True(File.Exists(Path.Combine(fromFlag, "sshbot.db")));

        // Each run wrote where its layer said, and nowhere else.
        var stores = Directory.GetFiles(_sshbot.Root, "sshbot.db", SearchOption.AllDirectories).Select(Path.GetDirectoryName).Order();
        Assert.Equal([fromEnv, fromFlag, fromJson], stores);
    }

    [Fact]
    public async Task TheCliReadsTheStoreProviderFromAppsettingsAndTheFlagWins()
    {
        _sshbot.WriteAppsettings("""{ "Storage": { "Provider": "mongodb" } }""");

        var configured = await _sshbot.RunAsync(Environment(), "incidents", "list");
        var flagged = await _sshbot.RunAsync(Environment(), "incidents", "list", "--store", "sqlite");

        Assert.Equal(2, configured.ExitCode);
        Assert.Contains("'mongodb' is not a store", configured.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, flagged.ExitCode);
    }

    [Fact]
    public async Task TheCliRefusesWhatTargetsDenyLists()
    {
        var run = await _sshbot.RunAsync(Environment(("Targets__Deny__0", "127.0.0.0/8")), Diagnose);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("denied", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    public void Dispose() => _sshbot.Dispose();
}
