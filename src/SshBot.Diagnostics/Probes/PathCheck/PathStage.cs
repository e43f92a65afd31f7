using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Probes.PathCheck;

/// <summary>
/// Checks the path to the address the connect stage reached, once the stages before it are
/// done (it needs connect to have passed, and waits for the rest so as not to disturb them):
/// a bounded series of connects, each closed at once, for loss, median round-trip time and
/// jitter; then a search for the path MTU with Don't Fragment probes. It runs
/// only for single targets: in a batch it would multiply the traffic by the number of hosts,
/// so there it records that it was skipped and why. Connects and echo probes wait a few
/// round trips; a connect counts as lost only if, by then, the kernel's SYN is still unanswered.
/// </summary>
public sealed class PathStage(IPathProber prober, ConnectBudget? budget = null) : IDiagnosisStage
{
    public const string StageName = StageNames.Path;

    public string Name => StageName;

    public IReadOnlyList<string> DependsOn => [StageNames.Connect];

    /// <summary>
    /// Twelve connections at once make sshd start twelve children while it is answering the
    /// diagnosis's own handshake; measured on the lab, that doubled identify + negotiate
    /// (131 to 271 ms), more than the path checks take on their own after them (~28 ms).
    /// </summary>
    public bool RunsAfterEarlierStages => true;

    public TimeSpan GetTimeout(DiagnosisOptions options) => (options ?? throw new ArgumentNullException(nameof(options))).Path.Bound;

    public async Task<StageOutcome> RunAsync(DiagnosisContext context, CancellationToken cancellationToken)
    {
        var o = context.Observations;
        var options = context.Options.Path;
        if (options.Connects == 0)
        {
            o.Set("path.status", "skipped");
            return StageOutcome.Ok("skipped: path checks are turned off");
        }

        if (context.Learner is not null)
        {
            o.Set("path.status", "skipped");
            return StageOutcome.Ok("skipped: path checks run for single targets only (in a batch they would multiply the traffic)");
        }

        if (!o.TryGetValue("tcp.address", out var reached) || !IPAddress.TryParse(reached.Text, out var address))
        {
            o.Set("path.status", "skipped");
            return StageOutcome.Ok("skipped: no connected address to check the path to");
        }

        // The kernel's reading of the connect stage's handshake where there is one: the stage's
        // own stopwatch also counts a cold process's first-use costs.
        var rtt = context.ConnectRtt ?? (o.TryGetValue("tcp.ms", out var ms) ? TimeSpan.FromMilliseconds(ms.Number) : options.MaxProbeTimeout);
        var timeout = options.ProbeTimeout(rtt);
        var waitSeconds = 0.0;
        var fits = budget?.TryTake(address, options.Connects, out waitSeconds) ?? true;
        var stats = fits ? await ConnectSeriesAsync(context, options, new IPEndPoint(address, context.Target.Port), timeout, cancellationToken) : null;

        // The connects' median (the kernel's handshake time) is the best round trip there is;
        // echo probes that vanish cost about one such timeout in all (MtuSearch overlaps rounds).
        var echoTimeout = stats?.RttMs is { } measured ? options.ProbeTimeout(TimeSpan.FromMilliseconds(measured)) : timeout;
        var path = options.ProbeMtu
            ? await new MtuSearch(prober, context.Time).RunAsync(address, echoTimeout, cancellationToken)
            : new MtuResult(MtuResult.Unavailable, null, "the path MTU check is turned off", 0);

        o.Set("path.status", "ok");
        if (stats is not null)
        {
            o.Set("path.loss_pct", stats.LossPct);
            if (stats.RttMs is { } median)
            {
                o.Set("path.rtt_ms", median);
                o.Set("path.jitter_ms", stats.JitterMs!.Value);
            }
        }

        o.Set("path.mtu.status", path.Status);
        o.Set("path.mtu.detail", path.Detail);
        if (path.Mtu is { } size)
        {
            o.Set("path.mtu", size);
        }

        var mtuText = path.Mtu is { } m ? $"mtu {path.Status} {m}" : $"mtu {path.Status}";
        if (stats is null)
        {
            return StageOutcome.Ok(string.Create(CultureInfo.InvariantCulture,
                $"connects not repeated: this sshd was checked moments ago, and more connections now could get the bot refused (OpenSSH PerSourcePenalties); again in {waitSeconds} s; {mtuText}"));
        }

        var rttText = stats.RttMs is { } r ? string.Create(CultureInfo.InvariantCulture, $", rtt {r} ms, jitter {stats.JitterMs} ms") : string.Empty;
        return StageOutcome.Ok(string.Create(CultureInfo.InvariantCulture, $"{stats.Answered}/{stats.Attempts} connects answered (loss {stats.LossPct}%){rttText}; {mtuText}"));
    }

    /// <summary>Starts the connects a spacing apart without waiting for each, so a lost one costs its timeout once, not per attempt.</summary>
    private async Task<ConnectStatistics?> ConnectSeriesAsync(DiagnosisContext context, PathOptions options, IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var attempts = new List<Task<TimeSpan?>>(options.Connects);
        var start = context.Time.GetTimestamp();
        for (var i = 0; i < options.Connects; i++)
        {
            // Each start is due i spacings after the first, so a timer that fires late
            // shortens the next wait instead of adding up over the series.
            var due = (options.Spacing * i) - context.Time.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, context.Time, cancellationToken);
            }

            attempts.Add(ConnectOnceAsync(endpoint, timeout, cancellationToken));
        }

        return ConnectStatistics.From(await Task.WhenAll(attempts));
    }

    private async Task<TimeSpan?> ConnectOnceAsync(IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await prober.ConnectOnceAsync(endpoint, timeout, cancellationToken);
        }
        catch (SocketException)
        {
            // Refused or unreachable after the connect stage got through: the answer did not
            // come from sshd, so for loss it counts as a connect that failed.
            return null;
        }
    }
}
