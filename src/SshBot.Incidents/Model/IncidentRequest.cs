namespace SshBot.Incidents;

/// <summary>
/// An inbound diagnosis request. IdempotencyKey is the channel's event id (Slack event_id, Bot
/// Framework activity id, CLI run id), best prefixed by platform; a redelivery carries the same key.
/// </summary>
public sealed record IncidentRequest(
    string IdempotencyKey,
    string Host,
    int Port,
    string RequestedBy,
    string Platform,
    string? Channel,
    string? Thread,
    string Text);

/// <summary>
/// What <see cref="IIncidentStore.OpenRequestAsync"/> recorded. Joined: the request joined an
/// incident already open. Duplicate: the key was seen before, these are the ids recorded then
/// and nothing new was written.
/// </summary>
public sealed record OpenedRequest(long IncidentId, long RequestId, long DiagnosisId, bool Joined, bool Duplicate);
