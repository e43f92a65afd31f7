using System.Net;

namespace SshBot.Diagnostics.Inspection;

/// <summary>An address or prefix in a ban set on the host, and where it was found.</summary>
public sealed record BanEntry(IPNetwork Network, string Source)
{
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return a.AddressFamily == Network.BaseAddress.AddressFamily && Network.Contains(a);
    }

    /// <summary>As evidence: the address (or prefix) and its source, e.g. "198.18.0.2 (nft set sshbot_bans)".</summary>
    public override string ToString()
    {
        var full = Network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        var address = Network.PrefixLength == full ? Network.BaseAddress.ToString() : Network.ToString();
        return $"{address} ({Source})";
    }

    /// <summary>An address or CIDR prefix as a network, or null when the text is neither.</summary>
    public static IPNetwork? ParseNetwork(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        if (IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
        {
            var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            return new IPNetwork(a, a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }

        return null;
    }
}
