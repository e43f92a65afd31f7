namespace SshBot.Lab.Tests.Infrastructure;

/// <summary>
/// Builds the fault lab (infra/lab/lab.sh: real sshd hosts and listeners in network
/// namespaces on 198.18.0.0/24) once for the lab collection and tears it down after.
/// Without root the lab cannot exist, and the tests fail saying so: they never skip.
/// </summary>
public sealed class LabFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string> _hosts = new(StringComparer.Ordinal);

    public string Script { get; } = Path.Combine(Repository.Root, "infra", "lab", "lab.sh");

    /// <summary>The address of a lab host by scenario name (healthy, stopped, drop, ...).</summary>
    public string this[string name] => _hosts.TryGetValue(name, out var address) ? address : throw new KeyNotFoundException($"no lab host '{name}'");

    public string StateDirectory => _hosts["state"];

    /// <summary>The network namespace a lab host lives in.</summary>
    public string Namespace(string host) => $"{_hosts["namespace"]}-{host}";

    /// <summary>What a lab host's sshd has logged so far.</summary>
    public string SshdLog(string host) => File.ReadAllText(Path.Combine(StateDirectory, host, "sshd.log"));

    /// <summary>
    /// Asserts the host's sshd logs <paramref name="expected"/>, waiting up to 5 s for it.
    /// sshd's privilege-separated child hands its log lines to the listener, which writes them
    /// after the client may already have seen the outcome, so a line about a connection that
    /// just ended can land a moment later.
    /// </summary>
    public async Task AssertSshdLogsAsync(string host, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        var log = SshdLog(host);
        while (!log.Contains(expected, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            log = SshdLog(host);
        }
        Assert.Contains(expected, log, StringComparison.Ordinal);
    }

    public async ValueTask InitializeAsync()
    {
        var id = await Shell.RunAsync("id", ["-u"], TimeSpan.FromSeconds(5));
        if (id.Stdout.Trim() != "0")
        {
            throw new InvalidOperationException("The lab tests need root (network namespaces, nftables, sshd). Run them through infra/test.sh as root.");
        }

        var up = await Shell.RunAsync("bash", [Script, "up"], TimeSpan.FromSeconds(120));
        if (up.ExitCode != 0)
        {
            throw new InvalidOperationException($"lab.sh up failed ({up.ExitCode}): {up.Stderr}");
        }

        foreach (var line in up.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                _hosts[line[..eq]] = line[(eq + 1)..];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Shell.RunAsync("bash", [Script, "down"], TimeSpan.FromSeconds(60));
    }
}

[CollectionDefinition(Name)]
public sealed class LabHosts : ICollectionFixture<LabFixture>
{
    public const string Name = "lab";
}
