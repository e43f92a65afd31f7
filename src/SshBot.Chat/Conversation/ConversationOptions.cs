using SshBot.Diagnostics.Targets;

namespace SshBot.Chat.Conversation;

/// <summary>Whose incidents history answers with.</summary>
public enum HistoryScope
{
    /// <summary>Only incidents someone of the asker's own team (Slack workspace, Teams tenant) asked about.</summary>
    Team,

    /// <summary>Every incident, whoever asked: for a bot that serves one organisation across workspaces.</summary>
    All,
}

/// <summary>How a conversation treats its users.</summary>
public sealed class ConversationOptions
{
    /// <summary>Chat users ask with chat authority (allowlist only); the console user is the operator (CLI).</summary>
    public RequestOrigin Origin { get; set; } = RequestOrigin.Chat;

    /// <summary>Users (<see cref="ChatUser.Key"/> or bare platform user id) who may add, replace and retire articles.</summary>
    public IList<string> Admins { get; init; } = [];

    /// <summary>Whose incidents <c>history</c>, <c>recent</c> and the card's history line show (<c>History:Scope</c>).</summary>
    public HistoryScope HistoryScope { get; set; } = HistoryScope.Team;

    /// <summary>Progress updates of one message are at least this far apart; the final card is always sent. Zero (the console) shows every stage.</summary>
    public TimeSpan MinProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether a diagnosis cut short by a stop is left for the next run to finish (serve: its work
    /// is stored and claimed again) or closed as interrupted at once (the console: nobody would
    /// come back to it).
    /// </summary>
    public bool ResumeInterrupted { get; set; } = true;

    public bool IsAdmin(ChatUser user) =>
        Admins.Any(a => string.Equals(a, user.Key, StringComparison.Ordinal) || string.Equals(a, user.Id, StringComparison.Ordinal));
}
