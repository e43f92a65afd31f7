using System.Net;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Inspection;

/// <summary>
/// What the inspection script's output says about a host: the <c>host.*</c> observations it
/// supports, the banned addresses, and the bot's own address as the host saw it.
/// </summary>
public sealed record InspectionReport(
    IReadOnlyDictionary<string, ObservationValue> Observations,
    IReadOnlyList<BanEntry> Bans,
    IPAddress? BotAddress,
    IReadOnlyList<InspectionSection> Sections)
{
    /// <summary>The output held at least one framed section.</summary>
    public bool Recognized => Sections.Count > 0;

    public bool IsBanned(IPAddress address) => Bans.Any(b => b.Contains(address));

    /// <summary>
    /// Writes the observations, and <c>host.client_banned</c> for the client in question: the
    /// user's address when the request gave one, else the bot's own (when a ban set was readable).
    /// </summary>
    public void WriteTo(ObservationSet observations, IPAddress? userAddress)
    {
        ArgumentNullException.ThrowIfNull(observations);
        foreach (var (key, value) in Observations)
        {
            observations.Set(key, value);
        }

        if (Observations.ContainsKey("host.bans") && (userAddress ?? BotAddress) is { } client)
        {
            observations.Set("host.client_banned", IsBanned(client));
        }
    }
}
