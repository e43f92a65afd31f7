using System.Text.RegularExpressions;
using SshBot.Diagnostics.ClientLogs;

namespace SshBot.Diagnostics.Probes.Authenticate;

/// <summary>
/// Reads the stderr of the bot's own <c>ssh -v</c> run into a <see cref="BotLogin"/>. It shares
/// the bounded line splitting and the failure-line rules of <see cref="ClientLogParser"/> (the
/// same OpenSSH prints both), but its results become <c>ssh.auth.*</c>, never <c>client.*</c>:
/// the bot's access and the user's are different evidence.
/// </summary>
public static partial class BotLoginParser
{
    /// <summary>Reads ssh's stderr; never throws for any input.</summary>
    public static BotLogin Parse(string? stderr, int exitCode)
    {
        var notes = new List<string>();
        var lines = LogText.Split(stderr ?? "", notes);
        var methods = new List<string>();
        string? accepted = null, keyType = null, fingerprint = null, hostKey = null;
        string? strongLine = null, weakLine = null, lastPlain = null;
        var reachedAuth = false;
        var denied = false;

        foreach (var line in lines.Select(l => l.Text))
        {
            if (ServerHostKey().Match(line) is { Success: true } key)
            {
                // Through a jump host the jump hop's lines come first: each new host key starts
                // the next hop, and the last hop is the target.
                (keyType, fingerprint) = (key.Groups["type"].Value, key.Groups["fp"].Value);
                (hostKey, accepted, reachedAuth, denied) = (null, null, false, false);
                methods.Clear();
            }
            else if (line.Contains(" is known and matches the ", StringComparison.Ordinal))
            {
                hostKey ??= "known";
            }
            else if (line.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal)
                || HostKeyChanged().IsMatch(line))
            {
                hostKey = "changed";
            }
            else if (NoHostKeyKnown().IsMatch(line)
                || (line.StartsWith("Host key verification failed", StringComparison.Ordinal) && hostKey is null))
            {
                hostKey = "unknown";
            }
            else if (CanContinue().Match(line) is { Success: true } can)
            {
                reachedAuth = true;
                methods.AddRange(can.Groups["list"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries).Where(m => !methods.Contains(m)).Take(20));
            }
            else if (AuthenticatedTo().Match(line) is { Success: true } ok)
            {
                accepted = ok.Groups["method"].Value;
            }

            reachedAuth |= line.Contains("SSH2_MSG_SERVICE_ACCEPT", StringComparison.Ordinal)
                || line.StartsWith("debug1: Next authentication method:", StringComparison.Ordinal);
            denied |= line.Contains("Permission denied (", StringComparison.Ordinal)
                || line.Contains("Too many authentication failures", StringComparison.Ordinal)
                || line.Contains("No more authentication methods to try", StringComparison.Ordinal);

            if (line.StartsWith("debug", StringComparison.Ordinal) || line.StartsWith("OpenSSH_", StringComparison.Ordinal))
            {
                continue;
            }

            if (FailureRules.Find(line) is { } rule)
            {
                if (rule.Strong)
                {
                    strongLine = line;
                }
                else
                {
                    weakLine = line;
                }
            }
            else if (!line.StartsWith("Authenticated to ", StringComparison.Ordinal)
                && !line.StartsWith("Transferred: ", StringComparison.Ordinal)
                && !line.StartsWith("Bytes per second", StringComparison.Ordinal))
            {
                lastPlain = line;
            }
        }

        var status = accepted is not null ? "accepted"
            : hostKey == "changed" ? "hostkey-changed"
            : hostKey == "unknown" ? "hostkey-unknown"
            : denied ? "denied"
            : "error";
        var failure = status == "accepted" ? null : Undecorate(strongLine ?? weakLine ?? lastPlain);
        if (status == "error" && failure is null)
        {
            failure = exitCode == 255 ? "ssh failed without saying why" : $"the remote command exited with status {exitCode}";
        }

        return new BotLogin(status, methods, accepted, keyType, fingerprint, hostKey, failure, reachedAuth);
    }

    /// <summary>The changed-key warning comes boxed in '@' characters; the quote drops the box.</summary>
    private static string? Undecorate(string? line) => line?.Trim('@', ' ');

    [GeneratedRegex(@"^debug1: Server host key: (?<type>[A-Za-z0-9@._-]{1,64}) (?<fp>SHA256:[A-Za-z0-9+/=]{10,64})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex ServerHostKey();

    [GeneratedRegex(@"^Host key for \S{1,300} has changed", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex HostKeyChanged();

    [GeneratedRegex(@"^No [A-Z0-9-]{1,20} host key is known for ", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex NoHostKeyKnown();

    [GeneratedRegex(@"^debug1: Authentications that can continue: (?<list>[A-Za-z0-9@.,_-]{1,500})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex CanContinue();

    [GeneratedRegex(@"^Authenticated to \S{1,300} \(\S{1,300}\) using ""(?<method>[A-Za-z0-9@._-]{1,64})""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex AuthenticatedTo();
}
