using SshBot.Diagnostics.Observations;

namespace SshBot.Chat.Conversation;

/// <summary>What a chat message asks for, parsed from an engineer's own words.</summary>
public abstract record Intent;

/// <summary>Diagnose one or more targets; <paramref name="Reports"/> are the <c>report.*</c> observations the words imply.</summary>
public sealed record DiagnoseIntent(IReadOnlyList<string> Targets, IReadOnlyDictionary<string, ObservationValue> Reports) : Intent
{
    /// <summary>Where the user says they connect from ("from the office VPN": "office VPN"), for a zone by name or alias; null when unsaid.</summary>
    public string? Vantage { get; init; }

    /// <summary>The message holds client output (a pasted log, one error line): its observations go with the diagnosis.</summary>
    public bool WithPaste { get; init; }
}

/// <summary>A pasted <c>ssh -v</c> log that names no host: ask which one.</summary>
public sealed record AskForHostIntent : Intent;

public sealed record HistoryIntent(string Host) : Intent;

public sealed record RecentIntent : Intent;

public sealed record KbListIntent : Intent;

public sealed record KbShowIntent(string Id) : Intent;

/// <summary>kb add|replace|retire|revert: only configured admins may.</summary>
public sealed record KbAdminIntent(string Verb, string Argument) : Intent;

public sealed record HelpIntent : Intent;

/// <summary>Nothing the bot understands.</summary>
public sealed record UnknownIntent : Intent;
