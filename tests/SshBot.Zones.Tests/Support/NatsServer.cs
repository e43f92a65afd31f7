using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SshBot.Zones.Configuration;

namespace SshBot.Zones.Tests.Support;

/// <summary>
/// A private nats-server (Debian's package) run with infra/deploy/nats-server.conf, on a free
/// loopback port (or <paramref name="host"/>), with JetStream file storage in a temporary folder and
/// fresh passwords. Tests own it because some restart it; it is killed when disposed.
/// </summary>
public sealed class NatsServer : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sshbot-nats-test-").FullName;
    private readonly Dictionary<string, string> _passwords = new(StringComparer.Ordinal)
    {
        ["replica"] = "p" + Guid.NewGuid().ToString("N"),
        ["agent-dc1"] = "p" + Guid.NewGuid().ToString("N"),
        ["agent-office"] = "p" + Guid.NewGuid().ToString("N"),
    };

    private Process? _process;

    private NatsServer(string host)
    {
        Host = host;
        Port = FreePort(host);
        MonitorPort = FreePort(host);
    }

    public string Host { get; }

    public int Port { get; }

    public int MonitorPort { get; }

    public string Url => $"nats://{Host}:{Port}";

    /// <summary>The deployment the sample configuration is written for.</summary>
    public const string Deployment = "prod";

    public static async Task<NatsServer> StartAsync(string host = "127.0.0.1")
    {
        var server = new NatsServer(host);
        await server.RunAsync();
        return server;
    }

    public string Password(string user) => _passwords[user];

    /// <summary>Settings for a NATS user of the sample configuration, with short test timings.</summary>
    public NatsSettings Settings(string user) => new()
    {
        Url = Url,
        Deployment = Deployment,
        User = user,
        Password = _passwords[user],
        AckWait = TimeSpan.FromSeconds(2),
        HeartbeatInterval = TimeSpan.FromMilliseconds(300),
        OfflineAfter = TimeSpan.FromSeconds(3),
        ResultTimeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>SIGKILL, then the same server again on the same port and store: what a crash and restart do.</summary>
    public async Task CrashAndRestartAsync()
    {
        _process!.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        await RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task RunAsync()
    {
        var start = new ProcessStartInfo("nats-server", ["-c", Path.Combine(Repository.Root, "infra", "deploy", "nats-server.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["SSHBOT_NATS_LISTEN"] = $"{Host}:{Port}";
        start.Environment["SSHBOT_NATS_MONITOR"] = $"{Host}:{MonitorPort}";
        start.Environment["SSHBOT_NATS_STORE"] = Path.Combine(_directory, "store");
        start.Environment["SSHBOT_NATS_REPLICA_PASSWORD"] = _passwords["replica"];
        start.Environment["SSHBOT_NATS_AGENT_DC1_PASSWORD"] = _passwords["agent-dc1"];
        start.Environment["SSHBOT_NATS_AGENT_OFFICE_PASSWORD"] = _passwords["agent-office"];
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new List<string>();
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("nats-server exited: " + string.Join('\n', log)));
                return;
            }

            lock (log)
            {
                log.Add(e.Data);
            }

            if (e.Data.Contains("Server is ready", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("nats-server is not installed: run infra/setup/packages.sh (Debian package nats-server).", e);
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static int FreePort(string host)
    {
        using var listener = new TcpListener(IPAddress.Parse(host), 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
