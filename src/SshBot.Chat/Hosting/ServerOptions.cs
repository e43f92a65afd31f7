namespace SshBot.Chat.Hosting;

/// <summary>Where the served knowledge base and the audit log live.</summary>
public sealed class ServerOptions
{
    /// <summary>The knowledge-base folder (Kb:Directory); default: the kb/ of this installation.</summary>
    public string? KbDirectory { get; set; }

    /// <summary>The audit log file (Audit:Path); default: audit.jsonl in the data directory.</summary>
    public string? AuditPath { get; set; }
}
