using System.Net;

namespace SshBot.Diagnostics.Seams;

/// <summary>
/// Opens a TCP connection. Throws <see cref="System.Net.Sockets.SocketException"/> when the
/// connect fails and <see cref="OperationCanceledException"/> when cancelled (the caller's timeout).
/// </summary>
public interface ISocketConnector
{
    Task<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken);
}
