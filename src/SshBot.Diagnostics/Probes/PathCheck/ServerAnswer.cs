using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Probes.Negotiate;

namespace SshBot.Diagnostics.Probes.PathCheck;

/// <summary>The SSH stages' answers that already say why SSH fails, so the path check need not load the server.</summary>
internal static class ServerAnswer
{
    /// <summary>
    /// What the server said that already explains the failure, or null when the SSH stages
    /// ended without such an answer (a timeout, or a handshake that current OpenSSH completes),
    /// where loss or a black hole on the path may be the cause.
    /// </summary>
    internal static string? Explaining(ObservationSet observations)
    {
        var said = (observations.GetText("ssh.banner.status"), observations.GetText("ssh.kex.status")) switch
        {
            ("not-ssh", _) => "something other than sshd answers on the port",
            ("closed-before-banner", _) => "the server closed the connection before identifying itself",
            ("reset", _) => "the connection was reset before the server identified itself",
            (_, "closed") => "the server closed the connection before its key exchange",
            (_, "disconnect") => "the server ended the key exchange with a disconnect message",
            (_, "reset") => "the connection was reset before the server's key exchange",
            _ => null,
        };
        if (said is not null)
        {
            return said;
        }

        foreach (var (key, kind) in Mismatches)
        {
            if (observations.TryGetValue(key, out var profiles) && profiles.Items.Contains(ClientProfile.OpenSshCurrent.Name, StringComparer.Ordinal))
            {
                return $"the server shares no {kind} algorithm with current OpenSSH";
            }
        }

        return null;
    }

    private static readonly (string Key, string Kind)[] Mismatches =
    [
        ("ssh.kex.mismatch.kex", "key-exchange"),
        ("ssh.kex.mismatch.hostkey", "host key"),
        ("ssh.kex.mismatch.cipher", "cipher"),
        ("ssh.kex.mismatch.mac", "MAC"),
    ];
}
