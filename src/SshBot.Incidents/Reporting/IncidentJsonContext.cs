using System.Text.Json.Serialization;

namespace SshBot.Incidents;

/// <summary>
/// Serialisation code for <see cref="IncidentText"/>'s JSON, generated at build time so that it also
/// works in a Native AOT build (no reflection). The options themselves stay in <see cref="IncidentText"/>.
/// </summary>
[JsonSerializable(typeof(IReadOnlyList<IncidentSummary>))]
[JsonSerializable(typeof(IncidentDetail))]
[JsonSerializable(typeof(IncidentStatsJson))]
internal sealed partial class IncidentJsonContext : JsonSerializerContext;

/// <summary><c>sshbot incidents stats --json</c>: <c>{"period":…,"causes":[…]}</c>.</summary>
internal sealed record IncidentStatsJson(string Period, IReadOnlyList<CauseCount> Causes);
