namespace SshBot.Diagnostics.Probes.Negotiate;

/// <summary>What a client profile would fail to agree on with a server, per RFC 4253 §7.1.</summary>
public sealed record NegotiationGaps(IReadOnlyList<string> Kex, IReadOnlyList<string> HostKey, IReadOnlyList<string> Cipher, IReadOnlyList<string> Mac);

/// <summary>
/// Runs the RFC 4253 algorithm choice (the first client algorithm the server also lists)
/// for each profile. A MAC is needed only when the chosen cipher is not an AEAD cipher, as in
/// OpenSSH's kex.c, so a server without common MACs still works with chacha20 or AES-GCM.
/// </summary>
public static class NegotiationAnalyzer
{
    public static NegotiationGaps Analyze(KexInit server, IEnumerable<ClientProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(profiles);
        List<string> kex = [], hostKey = [], cipher = [], mac = [];
        foreach (var p in profiles)
        {
            if (Choose(p.Kex, server.Kex) is null)
            {
                kex.Add(p.Name);
            }

            if (Choose(p.HostKey, server.HostKey) is null)
            {
                hostKey.Add(p.Name);
            }

            var c2s = Choose(p.Ciphers, server.CipherClientToServer);
            var s2c = Choose(p.Ciphers, server.CipherServerToClient);
            if (c2s is null || s2c is null)
            {
                cipher.Add(p.Name);
                continue;
            }

            var macMissing = (!IsAead(c2s) && Choose(p.Macs, server.MacClientToServer) is null)
                || (!IsAead(s2c) && Choose(p.Macs, server.MacServerToClient) is null);
            if (macMissing)
            {
                mac.Add(p.Name);
            }
        }

        return new NegotiationGaps(kex, hostKey, cipher, mac);
    }

    /// <summary>The RFC 4253 choice: the first algorithm in the client's list that the server also supports.</summary>
    public static string? Choose(IReadOnlyList<string> client, IReadOnlyList<string> server)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(server);
        return client.FirstOrDefault(server.Contains);
    }

    private static bool IsAead(string cipher) =>
        cipher is "chacha20-poly1305@openssh.com" or "aes128-gcm@openssh.com" or "aes256-gcm@openssh.com";
}
