using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Probes.Negotiate;
using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Probes.PathCheck;

/// <summary>
/// Checks the path to the address the connect stage reached, once the stages before it are
/// done (it needs connect to have passed, and waits for the rest so as not to disturb them):
/// a bounded series of connects, each closed at once, for loss, median round-trip time and
/// jitter, and alongside them a search for the path MTU with Don't Fragment probes. It runs
/// only for single targets: in a batch it would multiply the traffic by the number of hosts,
/// so there it records that it was skipped and why. Nor does it run when the server itself has
/// already said why SSH fails (something else on the port, a close or reset before or during the
/// handshake, no algorithm in common with current OpenSSH): the path carried that answer, and more
/// connections would only add to the load of a server that may be refusing them. Connects and
/// echo probes wait a few round trips; a connect counts as lost only if, by then, the kernel's
/// SYN is still unanswered.
/// </summary>
public sealed class PathStage(IPathProber prober, ConnectBudget? budget = null) : IDiagnosisStage
{
    public const string StageName = StageNames.Path;

    public string Name => StageName;

    public IReadOnlyList<string> DependsOn => [StageNames.Connect];

    /// <summary>
    /// The stage reads what the SSH stages found (<see cref="ServerAnswer.Explaining"/>), and its connects
    /// would make sshd start a child each while answering the diagnosis's own handshake:
    /// measured on the lab with 12, that doubled identify + negotiate (131 to 271 ms), more than
    /// the path checks take on their own after them (~28 ms).
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

        if (ServerAnswer.Explaining(o) is { } answer)
        {
            o.Set("path.status", "skipped");
            return StageOutcome.Ok($"skipped: {answer}; the path carried that answer, and more connections would only add to the server's load");
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
        var connects = fits
            ? ConnectSeriesAsync(context, options, new IPEndPoint(address, context.Target.Port), timeout, cancellationToken)
            : Task.FromResult<(ConnectStatistics, GreetingTally)?>(null);

        // Echo probes that vanish cost about one probe timeout in all (MtuSearch overlaps rounds).
        // With the kernel's reading of the handshake they have their round trip already and go
        // out alongside the connects; without one (a stopwatch that may have counted a cold
        // process's first-use costs) they wait for the connects' median, the best round trip there is.
        var searching = context.ConnectRtt is not null ? SearchMtuAsync(timeout) : SearchAfterConnectsAsync();
        await Task.WhenAll(connects, searching);
        var series = await connects;
        var stats = series?.Item1;
        var greetings = series?.Item2;
        var path = await searching;

        o.Set("path.status", "ok");
        greetings?.Record(o);
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
        return StageOutcome.Ok(string.Create(CultureInfo.InvariantCulture, $"{stats.Answered}/{stats.Attempts} connects answered (loss {stats.LossPct}%){rttText}{greetings!.Describe()}; {mtuText}"));

        async Task<MtuResult> SearchAfterConnectsAsync()
        {
            var connectsMedian = (await connects)?.Item1.RttMs;
            return await SearchMtuAsync(connectsMedian is { } median ? options.ProbeTimeout(TimeSpan.FromMilliseconds(median)) : timeout);
        }

        Task<MtuResult> SearchMtuAsync(TimeSpan echoTimeout) => options.ProbeMtu
            ? new MtuSearch(prober, context.Time).RunAsync(address, echoTimeout, cancellationToken)
            : Task.FromResult(new MtuResult(MtuResult.Unavailable, null, "the path MTU check is turned off", 0));
    }

    /// <summary>Starts the connects a spacing apart without waiting for each, so a lost one costs its timeout once, not per attempt.</summary>
    private async Task<(ConnectStatistics, GreetingTally)?> ConnectSeriesAsync(DiagnosisContext context, PathOptions options, IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var attempts = new List<Task<PathConnect>>(options.Connects);
        var greetingWait = options.Connects <= PathOptions.GreetingReads ? GreetingWait(context, options.MaxProbeTimeout) : (TimeSpan?)null;
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

            attempts.Add(ConnectOnceAsync(endpoint, timeout, greetingWait, cancellationToken));
        }

        var results = await Task.WhenAll(attempts);
        return (ConnectStatistics.From(results.Select(r => r.Rtt).ToArray()), GreetingTally.From(results));
    }

    /// <summary>
    /// How long a path connect waits for the server to drop it: sshd's listener drops a
    /// connection past MaxStartups right after accepting it, before any child exists, so within
    /// the time sshd took to send the diagnosis's own connection its banner (which a child
    /// sends, after the listener accepted) and two round trips and 20 ms more. Not for the
    /// banners themselves: 8 children starting at once would make a healthy diagnosis slower.
    /// At most <paramref name="most"/> (the longest a path probe waits).
    /// </summary>
    private static TimeSpan GreetingWait(DiagnosisContext context, TimeSpan most)
    {
        var banner = context.Observations.TryGetValue("ssh.banner.ms", out var ms) ? TimeSpan.FromMilliseconds(ms.Number) : TimeSpan.Zero;
        var rtt = context.ConnectRtt ?? TimeSpan.Zero;
        var wait = banner + (rtt * 2) + TimeSpan.FromMilliseconds(20);
        return wait < most ? wait : most;
    }

    /// <summary>
    /// One connect that also reads what the server does once it has accepted: its
    /// identification line, or a close before it (sshd past MaxStartups accepts, writes
    /// "Exceeded MaxStartups" and closes). Closing at once, as the connects did before, would
    /// leave a throttling sshd looking healthy whenever the diagnosis's own connection got through.
    /// </summary>
    private async Task<PathConnect> ConnectOnceAsync(IPEndPoint endpoint, TimeSpan timeout, TimeSpan? greetingWait, CancellationToken cancellationToken)
    {
        try
        {
            return greetingWait is { } wait
                ? await prober.ConnectAndReadGreetingAsync(endpoint, timeout, wait, cancellationToken)
                : new PathConnect(await prober.ConnectOnceAsync(endpoint, timeout, cancellationToken));
        }
        catch (SocketException)
        {
            // Refused or unreachable after the connect stage got through: the answer did not
            // come from sshd, so for loss it counts as a connect that failed.
            return new PathConnect(null);
        }
    }
}
