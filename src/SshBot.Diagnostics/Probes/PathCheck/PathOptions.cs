namespace SshBot.Diagnostics.Probes.PathCheck;

/// <summary>Bounds of the path stage. The defaults keep it well inside a second on a healthy path. Zero connects turn the stage off.</summary>
public sealed record PathOptions
{
    /// <summary>
    /// Repeated connects for loss and RTT. Each one that reaches sshd starts a child that lives
    /// for a few tens of milliseconds after the connect is closed, and counts as an
    /// unauthenticated connection until it exits. With the default MaxStartups 10:30:100, sshd
    /// drops new connections at random once 10 are pending; 8, with the diagnosis's own
    /// connection, stay under 10, so a diagnosis on its own does not bring sshd to where the
    /// connection right after it (the user's own ssh, or another diagnosis) may be dropped. It
    /// also stays well under OpenSSH 9.8's penalty for connections closed without logging in
    /// (PerSourcePenalties noauth:1s, enforced once 15 s accrue), so the bot does not lock
    /// itself out.
    /// </summary>
    public int Connects { get; init; } = DefaultConnects;

    public const int DefaultConnects = 8;

    /// <summary>
    /// The most connects for which the path check reads the server's greeting on each: with the
    /// diagnosis's own connection they are 9, under MaxStartups' start of 10, so sshd drops none
    /// of them because of the bot's own load and a drop they see was the server's doing. Asked
    /// for more (<c>--path-connects</c> above 8), the bot's own connects would pass that start,
    /// so none reads a greeting: each is closed at once, as for loss alone.
    /// </summary>
    public const int GreetingReads = 8;

    /// <summary>The most connects a caller may ask for.</summary>
    public const int MaxConnects = 50;

    /// <summary>Time between the starts of two connects; they overlap when the path is slow.</summary>
    public TimeSpan Spacing { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// An echo probe is never given less than this (the margin <see cref="ProbeTimeout"/> adds to
    /// four round trips)… On a path whose round trip is a few milliseconds, an echo reply later
    /// than this is rare, and a size is only called a black hole when two of its probes vanish
    /// while smaller ones, sent alongside, come back.
    /// </summary>
    public TimeSpan MinProbeTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>…nor more than this, a connect neither: just under the kernel's first SYN retransmission (1 s).</summary>
    public TimeSpan MaxProbeTimeout { get; init; } = TimeSpan.FromMilliseconds(900);

    /// <summary>Whether to look for the path MTU at all.</summary>
    public bool ProbeMtu { get; init; } = true;

    /// <summary>
    /// How long a connect or an echo probe waits on a path whose connect took <paramref name="rtt"/>:
    /// four round trips and a margin, within the bounds. A repeated connect still unanswered then
    /// counts as lost only if the kernel has not had its SYN answered either (see
    /// <see cref="SshBot.Diagnostics.Seams.PathProber"/>), so a busy bot noticing an answer late
    /// does not report its own delay as loss.
    /// </summary>
    public TimeSpan ProbeTimeout(TimeSpan rtt)
    {
        var derived = (rtt * 4) + TimeSpan.FromMilliseconds(100);
        return derived < MinProbeTimeout ? MinProbeTimeout : derived > MaxProbeTimeout ? MaxProbeTimeout : derived;
    }

    /// <summary>The longest the stage can take: every connect started and timed out, then every MTU round timed out (and a confirmation round), and a margin.</summary>
    public TimeSpan Bound => (Spacing * Connects) + (MaxProbeTimeout * (1 + (ProbeMtu ? MtuSearch.MaxRounds + 1 : 0))) + TimeSpan.FromSeconds(1);
}
