using System.Globalization;

namespace SshBot.Chat.Work;

/// <summary>
/// Who holds a claim: <c>host/pid/instance</c>. A process that starts on the same host as a dead
/// holder (its pid gone, or its own pid with another instance: a restarted container) releases
/// that holder's leases at once instead of waiting for them to run out.
/// </summary>
public static class WorkOwner
{
    private static readonly string Host = Environment.MachineName;

    public static string New() =>
        string.Create(CultureInfo.InvariantCulture, $"{Host}/{Environment.ProcessId}/{Guid.NewGuid():N}");

    /// <summary>True only when the owner certainly ran on this host and is no longer running.</summary>
    public static bool IsDeadHere(string owner, string self, Func<int, bool> processExists)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(processExists);
        var parts = owner.Split('/');
        if (parts.Length != 3 || parts[0] != Host || owner == self || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        return pid == Environment.ProcessId || !processExists(pid);
    }

    /// <summary>Whether a process with that id exists on this (Linux) host; elsewhere it is assumed to, and leases decide.</summary>
    public static bool ProcessExists(int pid) => !OperatingSystem.IsLinux() || Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");
}
