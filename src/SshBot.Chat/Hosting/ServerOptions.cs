namespace SshBot.Chat.Hosting;

/// <summary>Where the served knowledge base and the audit log live, and when the audit log is rotated.</summary>
public sealed class ServerOptions
{
    /// <summary>The knowledge-base folder (Kb:Directory); default: the kb/ of this installation.</summary>
    public string? KbDirectory { get; set; }

    /// <summary>The audit log file (Audit:Path); default: audit.jsonl in the data directory.</summary>
    public string? AuditPath { get; set; }

    /// <summary>Audit:MaxBytes: a file that would grow past this is rotated first; zero never rotates.</summary>
    public long AuditMaxBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Audit:Keep: how many rotated files are kept (audit.jsonl.1 is the newest).</summary>
    public int AuditKeep { get; set; } = 10;
}
