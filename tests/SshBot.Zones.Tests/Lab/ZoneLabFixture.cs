using System.Diagnostics;
using System.Net;
using SshBot.Lab.Tests.Infrastructure;
using SshBot.Zones.Configuration;
using SshBot.Zones.Tests.Support;

namespace SshBot.Zones.Tests.Lab;

/// <summary>
/// The zone lab (infra/lab/zones.sh): two zones in network namespaces that reach only their own
/// hosts, a host both reach by different paths, NATS on the hub address, and two real
/// <c>sshbot agent</c> processes per zone running inside the zone's namespace. Needs root; the
/// tests fail saying so rather than skip. Uses SSHBOT_LAB_NAME and SSHBOT_LAB_NET like lab.sh.
/// </summary>
public sealed class ZoneLabFixture : IAsyncLifetime
{
    private readonly Dictionary<string, string> _lab = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Process> _agents = new(StringComparer.Ordinal);
    private readonly string _data = Directory.CreateTempSubdirectory("sshbot-zone-lab-").FullName;

    public string Script { get; } = Path.Combine(Repository.Root, "infra", "lab", "zones.sh");

    public NatsServer Nats { get; private set; } = null!;

    public string this[string key] => _lab[key];

    /// <summary>dc1 and office as the lab lays them out; the shared host is in neither (it is compared, named explicitly).</summary>
    public ZoneMap Map => new(
    [
        new Zone("dc1", [.. _lab["dc1_cidrs"].Split(',').Select(IPNetwork.Parse)], [], ["data centre"]),
        new Zone("office", [.. _lab["office_cidrs"].Split(',').Select(IPNetwork.Parse)], [], ["office VPN"]),
    ]);

    public async ValueTask InitializeAsync()
    {
        var id = await Shell.RunAsync("id", ["-u"], TimeSpan.FromSeconds(5));
        if (id.Stdout.Trim() != "0")
        {
            throw new InvalidOperationException("The zone lab tests need root (network namespaces, nftables, sshd). Run them as root.");
        }

        var up = await Shell.RunAsync("bash", [Script, "up"], TimeSpan.FromSeconds(120));
        if (up.ExitCode != 0)
        {
            throw new InvalidOperationException($"zones.sh up failed ({up.ExitCode}): {up.Stderr}");
        }

        foreach (var line in up.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            _lab[line[..eq]] = line[(eq + 1)..];
        }

        Nats = await NatsServer.StartAsync(_lab["hub"]);
        // The deployment's stream and consumers exist before the agents look for them.
        await using (var replica = await Replica.StartAsync(Nats))
        {
            foreach (var (zone, agent) in Agents)
            {
                StartAgent(zone, agent);
            }

            foreach (var (zone, agent) in Agents)
            {
                await replica.WaitOnlineAsync(zone, agent);
            }
        }
    }

    public static readonly (string Zone, string Agent)[] Agents = [("dc1", "dc1-a"), ("dc1", "dc1-b"), ("office", "office-a"), ("office", "office-b")];

    /// <summary>The environment an agent or the CLI reads its settings from (Nats__*, Targets__*, Zones__*).</summary>
    public Dictionary<string, string> Environment(string user)
    {
        var settings = Nats.Settings(user);
        var env = new Dictionary<string, string>
        {
            ["Nats__Url"] = settings.Url,
            ["Nats__Deployment"] = settings.Deployment,
            ["Nats__User"] = settings.User!,
            ["Nats__Password"] = settings.Password!,
            ["Nats__AckWait"] = "2",
            ["Nats__HeartbeatInterval"] = "0.3",
            // Not 3 s: the lab runs beside the other test projects on two cores (one of them
            // compiling the native binary), and an agent starved of CPU for a few seconds is slow,
            // not gone. No lab test waits for a zone to go offline.
            ["Nats__OfflineAfter"] = "15",
            ["Nats__ResultTimeout"] = "60",
            ["Targets__Allow__0"] = "198.19.32.0/19",
            ["SSHBOT_DATA_DIR"] = _data,
        };
        var zones = Map.Zones;
        for (var i = 0; i < zones.Count; i++)
        {
            env[$"Zones__{i}__Name"] = zones[i].Name;
            env[$"Zones__{i}__Aliases__0"] = zones[i].Aliases[0];
            for (var j = 0; j < zones[i].Networks.Count; j++)
            {
                env[$"Zones__{i}__Cidrs__{j}"] = zones[i].Networks[j].ToString();
            }
        }

        return env;
    }

    /// <summary>SIGKILL: the agent dies mid-whatever, without a word to NATS.</summary>
    public void Kill(string agent)
    {
        _agents[agent].Kill();
        _agents[agent].WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents.Values)
        {
            if (!agent.HasExited)
            {
                agent.Kill();
                await agent.WaitForExitAsync();
            }

            agent.Dispose();
        }

        if (Nats is not null)
        {
            await Nats.DisposeAsync();
        }

        await Shell.RunAsync("bash", [Script, "down"], TimeSpan.FromSeconds(60));
        Directory.Delete(_data, recursive: true);
    }

    private void StartAgent(string zone, string agent)
    {
        var dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])["netns", "exec", _lab[$"zone_{zone}_namespace"], dotnet, Path.Combine(AppContext.BaseDirectory, "sshbot.dll"), "agent", "--zone", zone, "--id", agent, "--concurrency", "16"])
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in Environment($"agent-{zone}"))
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start an agent");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _agents[agent] = process;
    }
}

[CollectionDefinition(Name)]
public sealed class ZoneLab : ICollectionFixture<ZoneLabFixture>
{
    public const string Name = "zone lab";
}
