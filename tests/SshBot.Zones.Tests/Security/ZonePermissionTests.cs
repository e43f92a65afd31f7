using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SshBot.Zones.Tests.Support;

namespace SshBot.Zones.Tests.Security;

/// <summary>
/// infra/deploy/nats-server.conf keeps each zone's agents to their own zone's subjects. Checked
/// in NATS's own protocol: after each SUB or PUB a PING; the server answers a refused one with
/// "-ERR 'Permissions Violation ...'" before its PONG, and an allowed one with the PONG alone.
/// </summary>
public sealed class ZonePermissionTests : IAsyncLifetime
{
    private NatsServer _nats = null!;

    public async ValueTask InitializeAsync() => _nats = await NatsServer.StartAsync();

    public async ValueTask DisposeAsync() => await _nats.DisposeAsync();

    [Theory]
    [InlineData("SUB sshbot.prod.jobs.office 1")]
    [InlineData("SUB sshbot.prod.jobs.> 1")]
    [InlineData("SUB _INBOX_office.> 1")]
    [InlineData("SUB _INBOX.> 1")]
    [InlineData("SUB sshbot.prod.progress.office.> 1")]
    [InlineData("PUB $JS.API.CONSUMER.MSG.NEXT.sshbot-prod-jobs.agents-office _INBOX_dc1.x 0\r\n")]
    [InlineData("PUB $JS.API.CONSUMER.CREATE.sshbot-prod-jobs _INBOX_dc1.x 0\r\n")]
    [InlineData("PUB $JS.API.STREAM.MSG.GET.KV_sshbot-prod-results _INBOX_dc1.x 0\r\n")]
    [InlineData("PUB $KV.sshbot-prod-results.office.abc 0\r\n")]
    [InlineData("PUB sshbot.prod.jobs.dc1 0\r\n")]
    public async Task AnAgentOfOneZoneCannotReadOrTouchAnotherZonesWork(string command)
    {
        var errors = await SendAsync("agent-dc1", command);

        Assert.Contains(errors, e => e.Contains("Permissions Violation", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SUB _INBOX_dc1.abc.* 1")]
    [InlineData("PUB $JS.API.CONSUMER.MSG.NEXT.sshbot-prod-jobs.agents-dc1 _INBOX_dc1.x 0\r\n")]
    [InlineData("PUB $KV.sshbot-prod-agents.dc1.agent-1 0\r\n")]
    [InlineData("PUB sshbot.prod.progress.dc1.abc 0\r\n")]
    public async Task AnAgentMayUseItsOwnZonesSubjects(string command)
    {
        Assert.Empty(await SendAsync("agent-dc1", command));
    }

    [Fact]
    public async Task AReplicaMayPublishJobsForEveryZone()
    {
        Assert.Empty(await SendAsync("replica", "PUB sshbot.prod.jobs.office 0\r\n"));
        Assert.NotEmpty(await SendAsync("replica", "PUB sshbot.other.jobs.office 0\r\n"));
    }

    /// <summary>Connects as <paramref name="user"/>, sends the command and a PING, and returns the -ERR lines before the PONG.</summary>
    private async Task<List<string>> SendAsync(string user, string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_nats.Host, _nats.Port, TestContext.Current.CancellationToken);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var info = await reader.ReadLineAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("INFO ", info, StringComparison.Ordinal);
        var connect = JsonSerializer.Serialize(new Dictionary<string, object> { ["user"] = user, ["pass"] = _nats.Password(user), ["verbose"] = false, ["pedantic"] = false, ["protocol"] = 1, ["headers"] = true });
        var bytes = Encoding.ASCII.GetBytes($"CONNECT {connect}\r\nPING\r\n{command.TrimEnd('\r', '\n')}\r\n{(command.StartsWith("PUB", StringComparison.Ordinal) ? "\r\n" : "")}PING\r\n");
        await stream.WriteAsync(bytes, TestContext.Current.CancellationToken);
        var errors = new List<string>();
        var pongs = 0;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(10));
        while (pongs < 2 && await reader.ReadLineAsync(bounded.Token) is { } line)
        {
            if (line == "PONG")
            {
                pongs++;
            }
            else if (line.StartsWith("-ERR", StringComparison.Ordinal))
            {
                Assert.True(pongs == 1, $"the connection itself was refused: {line}");
                errors.Add(line);
            }
        }

        return errors;
    }
}
