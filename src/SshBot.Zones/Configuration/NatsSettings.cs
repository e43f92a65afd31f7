namespace SshBot.Zones.Configuration;

/// <summary>
/// How to reach NATS and how the deployment names its JetStream objects (section <c>Nats</c>).
/// One deployment's replicas and agents share a stream, two buckets and one subject tree,
/// <c>sshbot.DEPLOYMENT.*</c>; two deployments on one NATS server never see each other's work.
/// </summary>
public sealed record NatsSettings
{
    /// <summary>The server URL(s), e.g. <c>tls://nats.example.com:4222</c>; several comma-separated.</summary>
    public required string Url { get; init; }

    /// <summary>Names the deployment's subjects, stream and buckets (lowercase letters, digits, dashes).</summary>
    public string Deployment { get; init; } = "default";

    public string? User { get; init; }

    public string? Password { get; init; }

    public string? Token { get; init; }

    /// <summary>A <c>.creds</c> file (JWT and NKey seed) from an operator-mode NATS account.</summary>
    public string? CredsFile { get; init; }

    /// <summary>A file holding the user's NKey seed (<c>SU...</c>), for servers configured with nkey users.</summary>
    public string? NKeyFile { get; init; }

    public NatsTlsSettings Tls { get; init; } = new();

    /// <summary>How long an agent may hold a job without news before JetStream gives it to another agent.</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a job is delivered at most (the first delivery included).</summary>
    public int MaxDeliver { get; init; } = 5;

    /// <summary>How long a replica waits for a zone's result before saying it got none.</summary>
    public TimeSpan ResultTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often an agent says it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>An agent not heard from for this long counts as offline.</summary>
    public TimeSpan OfflineAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A second publish of the same job id within this window is dropped by the server.</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A job no agent took within this time is dropped (its asker has long been told).</summary>
    public TimeSpan JobMaxAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long finished results stay, so any replica asking again for a job id gets it.</summary>
    public TimeSpan ResultMaxAge { get; init; } = TimeSpan.FromHours(24);

    public string JobsStream => $"sshbot-{Deployment}-jobs";

    public string ResultsBucket => $"sshbot-{Deployment}-results";

    public string AgentsBucket => $"sshbot-{Deployment}-agents";

    public string JobSubject(string zone) => $"sshbot.{Deployment}.jobs.{zone}";

    public string ProgressSubject(string zone, string jobKey) => $"sshbot.{Deployment}.progress.{zone}.{jobKey}";

    /// <summary>The durable pull consumer every agent of a zone shares.</summary>
    public static string ConsumerName(string zone) => $"agents-{zone}";

    /// <summary>
    /// The inbox prefix of an agent of <paramref name="zone"/>: replies to it (fetched jobs,
    /// publish acknowledgements) land under a prefix only that zone's agents may subscribe to.
    /// </summary>
    public static string AgentInboxPrefix(string zone) => $"_INBOX_{zone}";
}

/// <summary>TLS to NATS (section <c>Nats:Tls</c>).</summary>
public sealed record NatsTlsSettings
{
    /// <summary>auto (TLS when the URL says tls:// or the server requires it), require, implicit or disable.</summary>
    public string Mode { get; init; } = "auto";

    /// <summary>The CA bundle that signed the server's certificate (otherwise the system store).</summary>
    public string? CaFile { get; init; }

    /// <summary>The client certificate and key, for servers that verify clients (mutual TLS).</summary>
    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }
}
