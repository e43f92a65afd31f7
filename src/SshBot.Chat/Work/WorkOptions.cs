namespace SshBot.Chat.Work;

/// <summary>How serve stores, runs and drains chat work (section <c>Work</c>).</summary>
public sealed class WorkOptions
{
    public const string SectionName = "Work";

    /// <summary>Requests handled at once by this process (each may diagnose several hosts).</summary>
    public int Workers { get; set; } = 32;

    /// <summary>Hosts diagnosed at once by this process, across all requests; more wait their turn.</summary>
    public int MaxConcurrentDiagnoses { get; set; } = 16;

    /// <summary>Queued requests beyond which new ones are answered 503 (the platform delivers them again later).</summary>
    public int MaxQueued { get; set; } = 1000;

    /// <summary>Queued or running requests of one user beyond which their new ones get a one-line refusal.</summary>
    public int MaxPerUser { get; set; } = 10;

    /// <summary>Storing a request that takes longer is answered 503: the store is saturated.</summary>
    public TimeSpan EnqueueTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests being stored at once beyond which new ones are answered 503 without waiting.</summary>
    public int MaxConcurrentEnqueues { get; set; } = 64;

    /// <summary>How long a claim holds without being renewed; a replica that dies loses its work to others after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>On SIGTERM, how long running requests may take to finish; the rest stay queued for the next start.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Runs of one request that crashed or failed after which it is given up (and the asker told);
    /// runs a graceful stop cut short do not count.
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How often idle workers look for work that other replicas stored or left behind.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Every bound positive, else one line naming what is wrong.</summary>
    public string? Problem() =>
        Workers < 1 || MaxConcurrentDiagnoses < 1 || MaxQueued < 1 || MaxPerUser < 1 || MaxConcurrentEnqueues < 1 || MaxAttempts < 1
            ? "Work:Workers, Work:MaxConcurrentDiagnoses, Work:MaxQueued, Work:MaxPerUser, Work:MaxConcurrentEnqueues and Work:MaxAttempts must be at least 1."
            : EnqueueTimeout <= TimeSpan.Zero || Lease < TimeSpan.FromSeconds(3) || DrainTimeout < TimeSpan.Zero || PollInterval <= TimeSpan.Zero
                ? "Work:EnqueueTimeout and Work:PollInterval must be positive, Work:Lease at least 3 s, Work:DrainTimeout not negative."
                : null;
}
