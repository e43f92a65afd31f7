using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// Names the exact algorithm mismatch between what the user's client offered (<c>client.offered.*</c>)
/// and what the server offers (<c>ssh.kex.*</c> from the bot's own negotiation, or the
/// <c>client.their_offer</c> the client quoted), as sentences a report can print.
/// </summary>
public static class AlgorithmComparison
{
    private static readonly (string What, string Client, string[] Server, string Error)[] Kinds =
    [
        ("key exchange", "client.offered.kex", ["ssh.kex.kex"], "no-matching-kex"),
        ("host key", "client.offered.hostkey", ["ssh.kex.hostkey"], "no-matching-hostkey"),
        ("cipher", "client.offered.cipher", ["ssh.kex.cipher_c2s"], "no-matching-cipher"),
        ("MAC", "client.offered.mac", ["ssh.kex.mac_c2s"], "no-matching-mac"),
    ];

    /// <summary>
    /// One sentence per kind of algorithm with nothing in common, e.g. "key exchange: your client
    /// offers only diffie-hellman-group14-sha1; the server only curve25519-sha256". Empty when the
    /// lists are unknown or share an algorithm.
    /// </summary>
    public static IReadOnlyList<string> Describe(IReadOnlyDictionary<string, ObservationValue> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var sentences = new List<string>();
        var clientError = observations.TryGetValue("client.error", out var e) ? e.Text : null;
        foreach (var (what, clientKey, serverKeys, error) in Kinds)
        {
            var server = serverKeys.Select(k => observations.TryGetValue(k, out var v) ? v.Items : null).FirstOrDefault(v => v is { Count: > 0 });
            if (server is null && clientError == error && observations.TryGetValue("client.their_offer", out var quoted))
            {
                server = quoted.Items;
            }

            var client = observations.TryGetValue(clientKey, out var c) ? c.Items : null;
            if (server is not { Count: > 0 })
            {
                continue;
            }

            if (client is not { Count: > 0 })
            {
                if (clientError == error)
                {
                    sentences.Add($"{what}: the server offers only {List(server)}, and your client enables none of them");
                }

                continue;
            }

            if (!client.Intersect(server, StringComparer.Ordinal).Any())
            {
                sentences.Add($"{what}: your client offers only {List(client)}; the server only {List(server)}");
            }
        }

        return sentences;
    }

    private static string List(IReadOnlyList<string> items) =>
        items.Count <= 6 ? string.Join(", ", items) : string.Join(", ", items.Take(6)) + $" (and {items.Count - 6} more)";
}
