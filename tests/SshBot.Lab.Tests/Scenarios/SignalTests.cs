using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM on the real `sshbot` process, against loopback listeners: a port
/// nobody listens on (answered at once) and servers that accept and never speak (waited on).
/// </summary>
public sealed class SignalTests : IDisposable
{
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _held = [];
    private readonly string _data = Directory.CreateTempSubdirectory("sshbot-signals-").FullName;
    private readonly SemaphoreSlim _accepted = new(0);

    public SignalTests()
    {
        _silent.Start();
        _ = AcceptForeverAsync();
    }

    private int SilentPort => ((IPEndPoint)_silent.LocalEndpoint).Port;

    private Dictionary<string, string> Environment => new() { ["SSHBOT_DATA_DIR"] = _data };

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task ASignalledBatchKeepsTheLinesOfFinishedTargetsReportsTheRestCancelledAndExitsWithTheSignal(string signal, int status)
    {
        var list = Path.Combine(_data, "targets.txt");
        await File.WriteAllLinesAsync(list, ["127.0.0.1:1", $"127.0.0.1:{SilentPort}", $"localhost:{SilentPort}"], TestContext.Current.CancellationToken);
        await using var sshbot = SshbotProcess.Start(Environment, "diagnose", "--targets", list, "--json", "--timeout", "30");

        await sshbot.WaitForLineAsync(l => l.Contains("\"port\":1,", StringComparison.Ordinal));
        await sshbot.SignalAsync(signal);
        var (exit, stdout, _) = await sshbot.ExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(status, exit);
        var lines = stdout.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal("sshd-not-listening", lines[0].GetProperty("verdict").GetProperty("id").GetString());
        Assert.All(lines.Skip(1).Take(2), l => Assert.Equal(SilentPort, l.GetProperty("target").GetProperty("port").GetInt32()));
        Assert.All(lines.Skip(1).Take(2), l => Assert.Equal("interrupted before it finished", l.GetProperty("cancelled").GetString()));
        var summary = lines[3].GetProperty("summary");
        Assert.True(summary.GetProperty("interrupted").GetBoolean());
        Assert.Equal(2, summary.GetProperty("verdicts").GetProperty("cancelled").GetInt32());
    }

    [Fact]
    public async Task ASignalledSingleDiagnosisClosesItsIncidentAsInterrupted()
    {
        await using (var sshbot = SshbotProcess.Start(Environment, "diagnose", $"127.0.0.1:{SilentPort}", "--json", "--timeout", "30"))
        {
            await WaitForConnectionsAsync(1);
            await sshbot.SignalAsync("TERM");
            var (exit, stdout, stderr) = await sshbot.ExitAsync(TimeSpan.FromSeconds(20));

            Assert.Equal(143, exit);
            Assert.Equal("interrupted before it finished", JsonDocument.Parse(Assert.Single(stdout)).RootElement.GetProperty("cancelled").GetString());
            Assert.Contains(stderr, l => l.Contains("interrupted before it finished", StringComparison.Ordinal));
        }

        var show = await Sshbot.RunAsync("incidents", "show", "1", "--data-dir", _data);
        Assert.Contains("diagnosis 1 completed", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("interrupted: interrupted by a signal", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrlCInTheChatEndsItWithStatus130()
    {
        await using var sshbot = SshbotProcess.Start(Environment, "chat");
        await sshbot.WaitForLineAsync(l => l.StartsWith("SshBot chat.", StringComparison.Ordinal));

        await sshbot.SignalAsync("INT");
        var (exit, stdout, _) = await sshbot.ExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(130, exit);
        Assert.Contains("Interrupted; bye.", stdout);
    }

    public void Dispose()
    {
        _silent.Stop();
        _accepted.Dispose();
        lock (_held)
        {
            foreach (var socket in _held)
            {
                socket.Dispose();
            }
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitForConnectionsAsync(int count)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _accepted.WaitAsync(limit.Token);
        for (var i = 1; i < count; i++)
        {
            await _accepted.WaitAsync(limit.Token);
        }
    }

    /// <summary>Accepts and holds every connection without a byte, as a hung server would.</summary>
    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _silent.AcceptSocketAsync();
                lock (_held)
                {
                    _held.Add(socket);
                }

                _accepted.Release();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }
}
