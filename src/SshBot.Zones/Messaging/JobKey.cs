using System.Security.Cryptography;
using System.Text;

namespace SshBot.Zones.Messaging;

/// <summary>
/// A job id as a subject token and key-value key. Job ids come from chat platforms (event ids,
/// activity ids) and may hold any character; their SHA-256, in hex, is safe in both and the same
/// on every replica.
/// </summary>
public static class JobKey
{
    public static string For(string jobId)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jobId)))[..32];
    }

    /// <summary>The results-bucket key of a job of <paramref name="zone"/>: the zone first, so permissions can scope it.</summary>
    public static string Result(string zone, string jobId) => $"{zone}.{For(jobId)}";

    /// <summary>The job id a comparison gives each zone: one per zone, the same on every replica.</summary>
    public static string PerZone(string jobId, string zone) => $"{jobId}#zone={zone}";
}
