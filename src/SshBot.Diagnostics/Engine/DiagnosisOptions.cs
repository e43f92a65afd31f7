namespace SshBot.Diagnostics.Engine;

/// <summary>Timeouts and identity of one diagnosis. Defaults suit an engineer waiting in a chat thread.</summary>
public sealed record DiagnosisOptions
{
    /// <summary>How long a SYN may go unanswered before it counts as a silent drop.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the server may take to send its identification line once connected.</summary>
    public TimeSpan BannerTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the server may take to send its KEXINIT after its identification line.</summary>
    public TimeSpan NegotiateTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The whole plan's deadline; stages not finished by then are reported as such.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The identification line the probe sends (without CR LF).</summary>
    public string ClientIdentification { get; init; } = "SSH-2.0-SshBot_0.1";

    /// <summary>
    /// What the requester said, as <c>report.*</c> observations (a symptom, their own address),
    /// recorded before any stage runs so stages can compare against it.
    /// </summary>
    public IReadOnlyDictionary<string, Observations.ObservationValue> Reported { get; init; } =
        new Dictionary<string, Observations.ObservationValue>(StringComparer.Ordinal);

    /// <summary>Bounds of the path stage: how many repeated connects, how far apart, probe timeouts.</summary>
    public SshBot.Diagnostics.Probes.PathCheck.PathOptions Path { get; init; } = new();

    /// <summary>All network timeouts set to one value, as <c>--timeout</c> does.</summary>
    public DiagnosisOptions WithNetworkTimeout(TimeSpan timeout) =>
        this with { ConnectTimeout = timeout, BannerTimeout = timeout, NegotiateTimeout = timeout };
}
