namespace SshBot.Chat.Running;

/// <summary>Admin edits of the knowledge base from chat (kb add|replace|retire|revert).</summary>
public interface IKnowledgeBaseEditor
{
    /// <summary>Applies the edit if the whole knowledge base still lints clean; returns what to tell the admin.</summary>
    Task<string> ApplyAsync(string verb, string argument, string who, CancellationToken ct);
}

/// <summary>An edit's outcome: accepted as a revision, or refused with the reason (and nothing stored).</summary>
public sealed record KnowledgeEditOutcome(bool Accepted, string Message, long? Revision = null);
