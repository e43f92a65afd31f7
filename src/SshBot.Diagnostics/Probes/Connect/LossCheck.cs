using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Probes.Connect;

/// <summary>
/// A few more connects after a connect timed out, to tell loss from a drop cheaply. Every SYN
/// of one connect can be lost on a lossy path (30% loss and a 5 s timeout: three SYNs, 2.7%
/// of the time), and the path check that would have shown the loss does not run after a failed
/// connect. A firewall that drops drops them all; on a lossy path most get through. They go out
/// together and wait a short window (a fifth of the connect timeout, 250 to 600 ms), so a
/// real drop is told within the connect timeout plus that window. The first that connects
/// becomes the diagnosis's connection; the others are closed at once.
/// </summary>
public static class LossCheck
{
    /// <summary>Connects sent: at 30% loss all are lost 0.8% of the time; with the one before, four and the diagnosis's own stay under sshd's MaxStartups start (10).</summary>
    public const int Connects = 4;

    public sealed record Result(Stream? Connection, int Answered, int Attempts, double Ms, TimeSpan? Rtt);

    /// <summary>The window the connects wait: a fifth of the connect timeout, within 250 and 600 ms (more than most round trips on earth).</summary>
    public static TimeSpan Window(TimeSpan connectTimeout)
    {
        var fifth = connectTimeout / 5;
        return fifth < TimeSpan.FromMilliseconds(250) ? TimeSpan.FromMilliseconds(250) : fifth > TimeSpan.FromMilliseconds(600) ? TimeSpan.FromMilliseconds(600) : fifth;
    }

    public static async Task<Result> RunAsync(ISocketConnector connector, IPEndPoint endpoint, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connector);
        var start = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(window);
        var attempts = Enumerable.Range(0, Connects).Select(_ => TryConnectAsync(connector, endpoint, start, limit.Token, cancellationToken)).ToArray();
        var results = await Task.WhenAll(attempts);
        cancellationToken.ThrowIfCancellationRequested();
        var answered = results.Where(r => r.Stream is not null).OrderBy(r => r.Ms).ToArray();
        foreach (var extra in answered.Skip(1))
        {
            await extra.Stream!.DisposeAsync();
        }

        if (answered.Length == 0)
        {
            return new Result(null, 0, Connects, Math.Round(Stopwatch.GetElapsedTime(start).TotalMilliseconds), null);
        }

        var (stream, ms) = answered[0];
        var rtt = stream is NetworkStream network ? TcpInfo.Rtt(network.Socket) : null;
        return new Result(stream, answered.Length, Connects, ms, rtt);
    }

    private static async Task<(Stream? Stream, double Ms)> TryConnectAsync(ISocketConnector connector, IPEndPoint endpoint, long start, CancellationToken limit, CancellationToken caller)
    {
        try
        {
            var stream = await connector.ConnectAsync(endpoint, limit);
            return (stream, Math.Round(Stopwatch.GetElapsedTime(start).TotalMilliseconds));
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return (null, 0);
        }
        catch (SocketException)
        {
            return (null, 0);
        }
    }
}
