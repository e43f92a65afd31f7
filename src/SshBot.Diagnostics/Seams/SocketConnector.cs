using System.Net;
using System.Net.Sockets;

namespace SshBot.Diagnostics.Seams;

/// <summary>Plain asynchronous TCP connects: no thread is held while a SYN waits for an answer.</summary>
public sealed class SocketConnector : ISocketConnector
{
    public async Task<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
