using System.Net;

namespace SshBot.Diagnostics.Targets;

/// <summary>
/// A parsed, validated target: <c>[user@]host[:port]</c>. <see cref="Address"/> is set when the
/// host was an address literal (in any encoding), already normalised.
/// </summary>
public sealed record Target(string Host, int Port, string? User, IPAddress? Address)
{
    public const int DefaultPort = 22;

    /// <summary>Whether the host is a DNS name, an IPv4 literal or an IPv6 literal.</summary>
    public string Kind => Address is null ? "name" : Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4";

    /// <summary>The target as a user would type it again.</summary>
    public override string ToString()
    {
        var host = Address?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Host}]" : Host;
        var user = User is null ? "" : User + "@";
        return Port == DefaultPort ? user + host : $"{user}{host}:{Port}";
    }
}
