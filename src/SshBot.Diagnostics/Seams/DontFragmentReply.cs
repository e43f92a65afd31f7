namespace SshBot.Diagnostics.Seams;

/// <summary>What came back for one echo request sent with Don't Fragment.</summary>
public enum DontFragmentOutcome
{
    /// <summary>The echo reply came back: a packet of this size crosses the path.</summary>
    Reply,

    /// <summary>
    /// Too big, and the sender was told so: ICMP fragmentation-needed (IPv6: packet too big)
    /// came back, or the local stack already knew the path MTU from such an answer.
    /// </summary>
    TooBig,

    /// <summary>Nothing came back in time.</summary>
    Lost,

    /// <summary>Another ICMP error came back (unreachable, prohibited, TTL expired).</summary>
    Error,

    /// <summary>This platform or process cannot send such probes (no raw or ICMP socket, no ping tool).</summary>
    Unavailable,
}

/// <summary>One echo probe's result; <paramref name="Mtu"/> is the MTU a too-big answer named, when it named one.</summary>
public sealed record DontFragmentReply(DontFragmentOutcome Outcome, int? Mtu = null, string? Detail = null)
{
    public static DontFragmentReply Replied { get; } = new(DontFragmentOutcome.Reply);

    public static DontFragmentReply NoAnswer { get; } = new(DontFragmentOutcome.Lost);
}
