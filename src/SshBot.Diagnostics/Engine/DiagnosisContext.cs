using System.Net;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Probes;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.Engine;

/// <summary>What the stages of one diagnosis share: the target, the validated addresses, the open connection, the observations.</summary>
public sealed class DiagnosisContext(Target target, RequestOrigin origin, DiagnosisOptions options, TimeProvider time) : IAsyncDisposable
{
    public Target Target { get; } = target;

    public RequestOrigin Origin { get; } = origin;

    public DiagnosisOptions Options { get; } = options;

    public TimeProvider Time { get; } = time;

    public ObservationSet Observations { get; } = new();

    /// <summary>The addresses the policy validated. Probes connect to these only, never to the name again.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; set; } = [];

    /// <summary>Set when the policy refused the target; nothing may be probed then.</summary>
    public PolicyDecision? Refusal { get; set; }

    /// <summary>Set when the diagnosis is part of a batch: connect timeouts learned from the batch's answers.</summary>
    public ConnectTimeoutLearner? Learner { get; init; }

    /// <summary>The TCP connection the connect stage opened, shared by the stages that speak SSH on it.</summary>
    public SshWire? Connection { get; set; }

    /// <summary>The kernel's handshake round-trip time for <see cref="Connection"/>, where it can tell (Linux).</summary>
    public TimeSpan? ConnectRtt { get; set; }

    /// <summary>
    /// Where a stage that opens its own connection (the bot's ssh login, the inspection) dials:
    /// the address the connect stage reached (<c>tcp.address</c>) when it is one the policy
    /// validated, else the first validated address; null when there is none.
    /// </summary>
    public IPAddress? DialAddress()
    {
        if (Observations.GetText("tcp.address") is { } reached && Addresses.FirstOrDefault(a => a.ToString() == reached) is { } connected)
        {
            return connected;
        }

        return Addresses.Count > 0 ? Addresses[0] : null;
    }

    /// <summary>Milliseconds since <paramref name="startTimestamp"/> on this context's clock.</summary>
    public long ElapsedMs(long startTimestamp) => (long)Time.GetElapsedTime(startTimestamp).TotalMilliseconds;

    public async ValueTask DisposeAsync()
    {
        if (Connection is { } connection)
        {
            await connection.DisposeAsync();
        }
    }
}
