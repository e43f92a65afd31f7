using SshBot.Diagnostics.Observations;

namespace SshBot.Chat.Cards;

/// <summary>
/// Where the probes ran, in one line for the verdict card: with zones the answer depends on it
/// (a host dropped from one network and reachable from another), and an asker who said "from the
/// office VPN" must not be left to assume the bot went there when it could not.
/// </summary>
public static class CheckedFrom
{
    /// <summary>The line, or null when there is nothing to say (no zones and no place asked for).</summary>
    public static string? Describe(IReadOnlyDictionary<string, ObservationValue> observations, string? askedFrom)
    {
        ArgumentNullException.ThrowIfNull(observations);
        string? Text(string key) => observations.TryGetValue(key, out var value) ? value.Text : null;
        var status = Text("vantage.status");
        if (status == "agent")
        {
            return $"Checked from zone {Text("vantage.zone")} (agent {Text("vantage.agent")}).";
        }

        if (status is null && askedFrom is not null)
        {
            return $"Checked from where the bot runs: it has no zones, so it cannot run from \"{askedFrom}\".";
        }

        return status == "compared" && observations.TryGetValue("vantage.zones", out var zones)
            ? $"Compared from zones {string.Join(", ", zones.Items)}."
            : null;
    }
}
