using System.Net;
using System.Net.Sockets;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// What the host and port in a user's log say on their own: a well-known non-SSH port
/// (<c>client.port_service</c>) and what kind of host it is (<c>client.host_scope</c>).
/// </summary>
internal static class HostFacts
{
    private static readonly Dictionary<int, string> Services = new()
    {
        [21] = "ftp", [23] = "telnet", [25] = "smtp", [53] = "dns", [80] = "http", [110] = "pop3", [143] = "imap",
        [389] = "ldap", [443] = "https", [445] = "smb", [465] = "smtps", [587] = "smtp-submission", [636] = "ldaps",
        [990] = "ftps", [993] = "imaps", [995] = "pop3s", [1433] = "mssql", [1521] = "oracle", [3306] = "mysql", [3389] = "rdp",
        [5432] = "postgresql", [5900] = "vnc", [5985] = "winrm", [5986] = "winrm-https", [6379] = "redis",
        [8080] = "http-alt", [8443] = "https-alt", [9200] = "elasticsearch", [27017] = "mongodb",
    };

    /// <summary>Public services that serve SSH to everyone (git hosting): when they fail for one user, the path is at fault.</summary>
    private static readonly string[] PublicServices =
    [
        "github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "ssh.dev.azure.com", "vs-ssh.visualstudio.com",
        "source.developers.google.com", "git-codecommit.", "gitee.com", "heroku.com", "sourceforge.net",
    ];

    /// <summary>
    /// The well-known service of a port: "ssh" for SSH's own (22), the service of a well-known
    /// non-SSH port, or null when the port says nothing (2222, 8022: anything can listen there).
    /// </summary>
    public static string? ServiceOf(int port, string? host) =>
        port == 22 ? "ssh" : Services.TryGetValue(port, out var service) && Scope(host) != "public-service" ? service : null;

    /// <summary>loopback, private (a private address, an mDNS .local or .home.arpa name), public, public-service, or null when the name says nothing.</summary>
    public static string? Scope(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        var name = host.Trim('[', ']').ToLowerInvariant();
        if (name is "localhost" or "localhost.localdomain" or "ip6-localhost")
        {
            return "loopback";
        }

        if (PublicServices.Any(s => name == s || name.EndsWith("." + s, StringComparison.Ordinal) || (s.EndsWith('.') && name.StartsWith(s, StringComparison.Ordinal))))
        {
            return "public-service";
        }

        if (name.EndsWith(".local", StringComparison.Ordinal) || name.EndsWith(".home.arpa", StringComparison.Ordinal))
        {
            // mDNS names (raspberrypi.local) and the home network's own domain (RFC 8375).
            return "private";
        }

        if (!IPAddress.TryParse(name, out var address))
        {
            return MaskedScope(name);
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return "loopback";
        }

        return IsPrivate(address) ? "private" : "public";
    }

    /// <summary>
    /// The scope of an IPv4 address with its last parts masked, as users redact them before
    /// posting (<c>192.168.x.x</c>, <c>10.0.*.*</c>, <c>172.20.xx.xx</c>): what the parts left
    /// show, or null when they do not decide it (<c>172.x.x.x</c>).
    /// </summary>
    private static string? MaskedScope(string name)
    {
        var parts = name.Split('.');
        if (!MaskedAddress.IsMasked(name) || !byte.TryParse(parts[0], out var first))
        {
            return null;
        }

        int? second = byte.TryParse(parts[1], out var b) ? b : null;
        return (first, second) switch
        {
            (127, _) => "loopback",
            (10, _) => "private",
            (172 or 192 or 100 or 169, null) => null,
            (172, >= 16 and <= 31) or (192, 168) or (100, >= 64 and <= 127) or (169, 254) => "private",
            (0, _) or (>= 224, _) => null,
            _ => "public",
        };
    }

    private static bool IsPrivate(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || (address.GetAddressBytes()[0] & 0xFE) == 0xFC;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 100 && b[1] is >= 64 and <= 127) || (b[0] == 169 && b[1] == 254);
    }
}
