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
