namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// The handshake steps a verbose client log prints, in the order a connection goes (the values of
/// <c>client.last_step</c>). Unlike <see cref="ProgressMarkers"/>, the step seen last wins: where a
/// log stops is evidence (a log that ends expecting the key-exchange reply hung there).
/// </summary>
internal static class LastSteps
{
    /// <summary>Steps at which a log that stops with no error line was waiting for the server.</summary>
    public static readonly string[] Waiting =
        ["connected", "sent-version", "sent-kexinit", "got-kexinit", "expecting-kex-ecdh-reply", "expecting-kex-dh-reply", "expecting-newkeys"];

    private static readonly (string Marker, string Step)[] Markers =
    [
        ("Connecting to ", "connecting"),
        ("Looking up host", "connecting"),
        ("Connection established", "connected"),
        ("Connected to ", "connected"),
        ("Local version string", "sent-version"),
        ("We claim version", "sent-version"),
        ("Remote protocol version", "got-version"),
        ("Remote version: ", "got-version"),
        ("Server version: ", "got-version"),
        ("SSH2_MSG_KEXINIT sent", "sent-kexinit"),
        ("SSH2_MSG_KEXINIT received", "got-kexinit"),
        ("kex: algorithm: ", "got-kexinit"),
        ("kex: server->client", "got-kexinit"),
        ("kex: client->server", "got-kexinit"),
        ("expecting SSH2_MSG_KEX_ECDH_REPLY", "expecting-kex-ecdh-reply"),
        ("sending SSH2_MSG_KEX_ECDH_INIT", "expecting-kex-ecdh-reply"),
        ("Doing ECDH key exchange", "expecting-kex-ecdh-reply"),
        ("expecting SSH2_MSG_KEX_DH_GEX_GROUP", "expecting-kex-dh-reply"),
        ("expecting SSH2_MSG_KEX_DH_GEX_REPLY", "expecting-kex-dh-reply"),
        ("expecting SSH2_MSG_KEXDH_REPLY", "expecting-kex-dh-reply"),
        ("Doing Diffie-Hellman key exchange", "expecting-kex-dh-reply"),
        ("Doing Diffie-Hellman group exchange", "expecting-kex-dh-reply"),
        ("expecting SSH2_MSG_NEWKEYS", "expecting-newkeys"),
        ("Server host key:", "expecting-newkeys"),
        ("SSH2_MSG_NEWKEYS received", "authenticating"),
        ("SSH2_MSG_SERVICE_ACCEPT", "authenticating"),
        ("Authentications that can continue", "authenticating"),
        ("Next authentication method", "authenticating"),
        ("Offering public key", "authenticating"),
        ("Using username", "authenticating"),
        ("Authenticated to ", "authenticated"),
        ("Authentication succeeded", "authenticated"),
        ("Access granted", "authenticated"),
        ("Entering interactive session", "session"),
        ("Opened main channel", "session"),
        ("Started a shell", "session"),
        ("Sending command:", "session"),
        ("Last login:", "session"),
    ];

    /// <summary>The step this line shows, or null.</summary>
    public static string? Find(string line)
    {
        foreach (var (marker, step) in Markers)
        {
            if (line.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return step;
            }
        }

        return null;
    }
}
