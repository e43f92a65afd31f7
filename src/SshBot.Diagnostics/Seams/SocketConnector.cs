using System.Net;
using System.Net.Sockets;

namespace SshBot.Diagnostics.Seams;

/// <summary>
/// Plain asynchronous TCP connects: no thread is held while a SYN waits for an answer. When the
/// caller gives up (a timeout, learned or configured), the connect is abandoned only if the
/// kernel's SYN is still unanswered: on a busy machine the answer may have come in time and
/// this process merely not heard of it yet, and that host is not silent.
/// A refused or unreachable connect is thrown as a <see cref="SocketException"/> made here from
/// the error code: the runtime's own exception for it carries a stack trace built as text at
/// once, which in the native build cost ~10 ms on the first refusal, and every refusal in a batch.
/// </summary>
public sealed class SocketConnector : ISocketConnector
{
    public async Task<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var args = new SocketAsyncEventArgs { RemoteEndPoint = endpoint };
        try
        {
            var answered = new TaskCompletionSource<SocketError>(TaskCreationOptions.RunContinuationsAsynchronously);
            args.Completed += (_, e) => answered.TrySetResult(e.SocketError);
            if (!socket.ConnectAsync(args))
            {
                answered.TrySetResult(args.SocketError);
            }

            var givenUp = Task.Delay(Timeout.Infinite, cancellationToken);
            if (await Task.WhenAny(answered.Task, givenUp) == givenUp && !TcpInfo.HandshakeAnswered(socket))
            {
                Socket.CancelConnectAsync(args);
                await answered.Task;
                cancellationToken.ThrowIfCancellationRequested();
            }

            var error = await answered.Task;
            if (error != SocketError.Success)
            {
                throw new SocketException((int)error);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
