namespace SshBot.Incidents;

public static class IncidentStatuses
{
    public const string Open = "open";
    public const string Resolved = "resolved";
}

/// <summary>
/// Filters for <see cref="IIncidentStore.ListIncidentsAsync"/>; all optional.
/// <paramref name="RequesterPrefix"/> keeps incidents with a request from someone whose
/// requested-by starts with it (<c>slack:T0123:</c>: one Slack workspace).
/// </summary>
public sealed record IncidentQuery(string? Host = null, int? Port = null, DateTimeOffset? Since = null, int Limit = 50, string? RequesterPrefix = null);

/// <summary>An incident as listed in history: its verdict and, when resolved by feedback, what fixed it.</summary>
public sealed record IncidentSummary(
    long Id,
    string Host,
    int Port,
    string Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastActivityAt,
    string? VerdictId,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    FixRecord? Fix);

/// <summary>The latest "fixed" feedback of an incident.</summary>
public sealed record FixRecord(string? VerdictId, string? FixApplied, string? Text, string GivenBy, DateTimeOffset GivenAt);

public sealed record CauseCount(string VerdictId, long Count);

/// <param name="HostIsNew">No other incident ever concerned this host and port.</param>
/// <param name="CauseIsNew">No other incident ever had this verdict (false when no verdict was given).</param>
public sealed record Novelty(bool HostIsNew, bool CauseIsNew);

public sealed record HostKeySeen(string Host, int Port, string KeyType, string Sha256Fingerprint, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);
