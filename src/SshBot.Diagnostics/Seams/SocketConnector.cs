using System.Net;
using System.Net.Sockets;

namespace SshBot.Diagnostics.Seams;

/// <summary>
/// Plain asynchronous TCP connects: no thread is held while a SYN waits for an answer. When the
/// caller gives up (a timeout, learned or configured), the connect is abandoned only if the
/// kernel's SYN is still unanswered: on a busy machine the answer may have come in time and
/// this process merely not heard of it yet, and that host is not silent.
/// </summary>
public sealed class SocketConnector : ISocketConnector
{
    public async Task<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var abandon = new CancellationTokenSource();
            var connecting = socket.ConnectAsync(endpoint, abandon.Token).AsTask();
            var givenUp = Task.Delay(Timeout.Infinite, cancellationToken);
            if (await Task.WhenAny(connecting, givenUp) == givenUp && !TcpInfo.HandshakeAnswered(socket))
            {
                await abandon.CancelAsync();
                await ObserveAsync(connecting);
                cancellationToken.ThrowIfCancellationRequested();
            }

            await connecting;
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Waits for an abandoned connect to end, whichever way it ends.</summary>
    private static async Task ObserveAsync(Task connecting)
    {
        try
        {
            await connecting;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
    }
}
