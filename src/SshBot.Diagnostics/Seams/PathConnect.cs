namespace SshBot.Diagnostics.Seams;

/// <summary>What the server did on a path connect once it was accepted, before the bot closed it.</summary>
public enum PathGreeting
{
    /// <summary>Not read: the connect got no answer, or the prober does not read greetings.</summary>
    Unread,

    /// <summary>The server sent its identification line ("SSH-...").</summary>
    Identified,

    /// <summary>The server closed or reset the connection before identifying itself (sshd past MaxStartups does so, after "Exceeded MaxStartups").</summary>
    Refused,

    /// <summary>Nothing came within the probe's time.</summary>
    Silent,
}

/// <summary>
/// One path connect: its round-trip time (null when nothing answered in time), what the
/// server said or did next, and the first line it sent when that line was not an
/// identification line (e.g. "Exceeded MaxStartups").
/// </summary>
public sealed record PathConnect(TimeSpan? Rtt, PathGreeting Greeting = PathGreeting.Unread, string? Line = null);
