using System.Net;

namespace SshBot.Diagnostics.Seams;

/// <summary>
/// The path stage's view of the network: one TCP connect that is closed at once, and one
/// echo request with Don't Fragment set. Unit tests substitute it to script loss, round-trip
/// times and path MTUs without a network.
/// </summary>
public interface IPathProber
{
    /// <summary>
    /// Connects once and closes at once without sending data. Returns the round-trip time, or
    /// null when nothing answered within <paramref name="timeout"/> (the SYN or its answer was lost).
    /// Throws <see cref="System.Net.Sockets.SocketException"/> when the connect is refused or unreachable.
    /// </summary>
    Task<TimeSpan?> ConnectOnceAsync(IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Connects once (within <paramref name="timeout"/>), then waits up to
    /// <paramref name="greetingWait"/> for the server's first line or its close, and closes
    /// without sending anything. A server past its MaxStartups accepts the connection and drops
    /// it at once: only reading tells that from a welcome. Probers that cannot read return the
    /// connect alone (<see cref="PathGreeting.Unread"/>).
    /// </summary>
    async Task<PathConnect> ConnectAndReadGreetingAsync(IPEndPoint endpoint, TimeSpan timeout, TimeSpan greetingWait, CancellationToken cancellationToken) =>
        new(await ConnectOnceAsync(endpoint, timeout, cancellationToken));

    /// <summary>Sends one echo request of <paramref name="packetSize"/> bytes on the wire (IP header included) with DF set.</summary>
    Task<DontFragmentReply> EchoAsync(IPAddress address, int packetSize, TimeSpan timeout, CancellationToken cancellationToken);
}
