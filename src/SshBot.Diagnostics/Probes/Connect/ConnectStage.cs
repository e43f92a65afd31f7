using System.Net;
using System.Net.Sockets;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Probes.Connect;

/// <summary>
/// Connects to each validated address in turn, as ssh does, until one answers. Tells a
/// refusal (RST) from a silent drop (timeout) from an ICMP or ARP failure (unreachable), and
/// keeps the time each took: an unreachable answer within milliseconds came from a router or
/// firewall, one after seconds from a failed ARP. When a single target's connect times out,
/// a few more connects tell loss from a drop (<see cref="LossCheck"/>). Addresses that failed
/// before one connected are kept (<c>tcp.failed_addresses</c>): a name whose first address is
/// dead costs the user's ssh its connect timeout every time, however well the next one works.
/// </summary>
public sealed class ConnectStage(ISocketConnector connector) : IDiagnosisStage
{
    public const string StageName = "connect";

    /// <summary>At most this many addresses are tried, so a name with many records cannot stretch the wait.</summary>
    public const int MaxAddresses = 4;

    public string Name => StageName;

    public IReadOnlyList<string> DependsOn => [StageNames.Resolve];

    public TimeSpan GetTimeout(DiagnosisOptions options) =>
        ((options.ConnectTimeout + LossCheck.Window(options.ConnectTimeout)) * MaxAddresses) + TimeSpan.FromSeconds(1);

    public async Task<StageOutcome> RunAsync(DiagnosisContext context, CancellationToken cancellationToken)
    {
        var o = context.Observations;
        var attempts = new List<string>();
        Failure? last = null;
        foreach (var address in context.Addresses.Take(MaxAddresses))
        {
            var start = context.Time.GetTimestamp();
            var endpoint = new IPEndPoint(address, context.Target.Port);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(context.Options.ConnectTimeout);
            try
            {
                var stream = await ConnectAsync(context, endpoint, attempt, start, cancellationToken);
                var waited = context.Time.GetElapsedTime(start);
                var rtt = stream is NetworkStream network ? TcpInfo.Rtt(network.Socket) : null;
                // The kernel's round trip where there is one (Karn's rule: not the second a
                // retransmitted SYN waited), else this process's own stopwatch.
                context.Learner?.Record(rtt ?? waited, waited);
                return Connected(context, address, stream, rtt, Math.Round(waited.TotalMilliseconds), attempts, string.Empty);
            }
            catch (OperationCanceledException) when (attempt.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                last = new("timeout", "TimedOut", address, Elapsed(context, start));
            }
            catch (SocketException e)
            {
                last = new(Classify(e.SocketErrorCode), e.SocketErrorCode.ToString(), address, Elapsed(context, start));
                if (e.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    context.Learner?.Record(context.Time.GetElapsedTime(start));
                }
            }

            var tried = $"{last.Address} {last.Status} {last.Ms}ms";
            if (last.Status == "timeout" && context.Learner is null)
            {
                // A single target only: in a batch the learned timeouts already bound the wait.
                var check = await LossCheck.RunAsync(connector, endpoint, LossCheck.Window(context.Options.ConnectTimeout), cancellationToken);
                o.Set("tcp.loss_check", check.Connection is null ? "silent" : "answered");
                o.Set("tcp.loss_check.answered", check.Answered);
                o.Set("tcp.loss_check.attempts", check.Attempts);
                tried += $" ({check.Answered} of {check.Attempts} more connects answered)";
                if (check.Connection is { } retried)
                {
                    attempts.Add(tried);
                    return Connected(context, address, retried, check.Rtt, check.Ms, attempts, $" after a connect whose SYNs were all lost ({check.Answered} of {check.Attempts} more connects answered)");
                }
            }

            attempts.Add(tried);
        }

        if (last is null)
        {
            return StageOutcome.Fail("no validated address to connect to");
        }

        if (last.Status == "timeout")
        {
            var learned = context.Learner is { IsLearned: true } learner && learner.Current < context.Options.ConnectTimeout;
            o.Set("tcp.timeout_ms", Math.Round(learned ? context.Learner!.Current.TotalMilliseconds : context.Options.ConnectTimeout.TotalMilliseconds));
            o.Set("tcp.timeout_learned", learned);
        }

        o.Set("tcp.status", last.Status);
        o.Set("tcp.address", last.Address.ToString());
        o.Set("tcp.ms", last.Ms);
        o.Set("tcp.error", last.Error);
        o.Set("tcp.attempts", attempts);
        return StageOutcome.Fail($"{last.Status} ({last.Error}) from {last.Address} after {last.Ms} ms");
    }

    private static StageOutcome Connected(DiagnosisContext context, IPAddress address, Stream stream, TimeSpan? rtt, double ms, List<string> attempts, string note)
    {
        var o = context.Observations;
        var failed = attempts.Where(a => !a.StartsWith(address.ToString() + " ", StringComparison.Ordinal)).ToArray();
        context.Connection = new SshWire(stream);
        context.ConnectRtt = rtt;
        attempts.Add($"{address} connected {ms}ms");
        o.Set("tcp.status", "connected");
        o.Set("tcp.address", address.ToString());
        o.Set("tcp.ms", ms);
        o.Set("tcp.attempts", attempts);
        if (failed.Length > 0)
        {
            o.Set("tcp.failed_addresses", failed);
        }

        return StageOutcome.Ok($"connected to {address} in {ms} ms{note}");
    }

    /// <summary>Connects within the configured timeout, or within the batch's learned one when it is shorter.</summary>
    private async Task<Stream> ConnectAsync(DiagnosisContext context, IPEndPoint endpoint, CancellationTokenSource attempt, long start, CancellationToken cancellationToken)
    {
        var connecting = connector.ConnectAsync(endpoint, attempt.Token);
        if (context.Learner is { } learner && !await learner.WaitAsync(connecting, start, context.Time, cancellationToken))
        {
            await attempt.CancelAsync();
        }

        return await connecting;
    }

    private sealed record Failure(string Status, string Error, IPAddress Address, double Ms);

    private static double Elapsed(DiagnosisContext context, long start) => Math.Round(context.Time.GetElapsedTime(start).TotalMilliseconds);

    internal static string Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "refused",
        SocketError.TimedOut => "timeout",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown => "unreachable",
        SocketError.ConnectionReset or SocketError.ConnectionAborted => "reset",
        _ => "error",
    };
}
