using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SshBot.Chat.Slack;

/// <summary>
/// Slack's request signing: <c>v0=</c> + hex HMAC-SHA256 of <c>v0:{timestamp}:{raw body}</c>
/// with the signing secret, compared in constant time; timestamps too far from now are refused
/// so a captured request cannot be replayed later.
/// </summary>
public static class SlackSignature
{
    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>
    /// What can be checked before the body is read: both headers present and well formed, the
    /// timestamp within <paramref name="maxSkew"/> of now. A request failing this is refused
    /// unread, so an unauthenticated peer cannot make the server hold its body.
    /// </summary>
    public static bool HeadersAcceptable(string? timestamp, string? signature, DateTimeOffset now, TimeSpan maxSkew)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature) || timestamp.Length > 19
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || !signature.StartsWith("v0=", StringComparison.Ordinal) || signature.Length != 3 + 64
            || signature.AsSpan(3).ContainsAnyExcept(HexDigits))
        {
            return false;
        }

        var sent = seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds() ? DateTimeOffset.MaxValue : DateTimeOffset.FromUnixTimeSeconds(seconds);
        return (now - sent).Duration() <= maxSkew;
    }

    public static bool Verify(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan maxSkew)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!HeadersAcceptable(timestamp, signature, now, maxSkew))
        {
            return false;
        }

        var given = Convert.FromHexString(signature!.AsSpan(3));
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The signature Slack would send (for tests and tools).</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }
}
