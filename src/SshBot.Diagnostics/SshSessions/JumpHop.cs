using System.Globalization;
using System.Net;
using Renci.SshNet;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// The bot's session on its jump host and the loopback listener that carries the target's
/// connection through it: bound to 127.0.0.1 on a port the kernel picks, forwarding only to the
/// target's validated address and port, closed with the session. The jump host itself is
/// checked by the target policy first and its key is checked like any host's.
/// </summary>
internal sealed class JumpHop : IDisposable
{
    private readonly SshClient _client;
    private readonly ForwardedPortLocal _forward;

    private JumpHop(SshClient client, ForwardedPortLocal forward)
    {
        _client = client;
        _forward = forward;
    }

    public static async Task<(JumpHop? Hop, int LocalPort, BotLogin? Failure)> OpenAsync(
        BotSshConnector connector, Target jump, IPAddress target, int port, RequestOrigin origin, TimeSpan timeout, CancellationToken deadline, CancellationToken caller)
    {
        var (address, refusal) = await connector.ValidateJumpAsync(jump, origin, deadline);
        if (address is null)
        {
            return (null, 0, new BotLogin("error", [], null, null, null, null, $"the jump host {jump} is refused by the target policy: {refusal}", false));
        }

        var user = string.IsNullOrEmpty(jump.User) ? connector.Options.User ?? Environment.UserName : jump.User;
        var (login, client) = await connector.ConnectAsync(jump, user, address.ToString(), jump.Port, address.ToString(), timeout, deadline, caller);
        if (client is null)
        {
            return (null, 0, login with { FailureLine = $"jump host {jump}: {login.FailureLine}" });
        }

        var forward = new ForwardedPortLocal("127.0.0.1", 0, target.ToString(), (uint)port);
        try
        {
            client.AddForwardedPort(forward);
            forward.Start();
        }
        catch (Exception e) when (e is Renci.SshNet.Common.SshException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            forward.Dispose();
            client.Dispose();
            return (null, 0, login with { Status = "error", FailureLine = $"jump host {jump}: the loopback forward could not start ({e.Message})" });
        }

        return (new JumpHop(client, forward), checked((int)forward.BoundPort), null);
    }

    public override string ToString() => "127.0.0.1:" + _forward.BoundPort.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            _forward.Stop();
        }
        finally
        {
            _forward.Dispose();
            _client.Dispose();
        }
    }
}
