using System.Text.RegularExpressions;

namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// The operating system the user's client ran on, when the paste shows it (<c>client.os</c>):
/// macOS by its own ssh ("OpenSSH_9.8p1, LibreSSL 3.3.6"), its home paths, Darwin, its ping's own
/// words ("Request timeout for icmp_seq 0", "ping: sendto: No route to host"), or a socket error
/// numbered as only BSD numbers it (EHOSTUNREACH is 65 there, 113 on Linux); Windows by
/// its OpenSSH build or its paths; Linux by a distribution's build of ssh or a /home path.
/// </summary>
internal static class ClientPlatform
{
    private static readonly Regex MacOs = new(
        @"OpenSSH_[0-9][0-9.]*p?[0-9]*, LibreSSL|LocalNetworkPermissionMacOS|\bDarwin\b|\bmacOS\b|(?:^|[\s'""=(`])/Users/[^/\s]+/|/opt/homebrew/|(?:\[Errno 65\]|os error 65|socketErrno>65<)|Request timeout for icmp_seq|ping: sendto: ",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));

    private static readonly Regex Windows = new(
        @"OpenSSH_for_Windows|\b[A-Za-z]:\\Users\\|\bWindows_NT\b",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));

    // A distribution's build of the client ("OpenSSH_9.6p1 Ubuntu-3ubuntu13.5, OpenSSL 3.0.13": the
    // client's own first line, never the server's version, which has no library after it) or a
    // Linux home directory in the client's key paths.
    private static readonly Regex Linux = new(
        @"OpenSSH_[0-9][0-9.]*p?[0-9]* (?:Ubuntu|Debian|Raspbian)[^,]{0,40}, OpenSSL|(?:^|[\s'""=(`])/home/[^/\s]+/",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));

    /// <summary>"macos", "windows", "linux", or null when the line says nothing about the client's system.</summary>
    public static string? Of(string line) =>
        Windows.IsMatch(line) ? "windows" : MacOs.IsMatch(line) ? "macos" : Linux.IsMatch(line) ? "linux" : null;
}
