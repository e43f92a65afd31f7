using System.Security.Cryptography;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>One public host key as known_hosts and ssh-keyscan write it: its type and base64 blob.</summary>
public sealed record HostKeyLine(string KeyType, string Base64)
{
    /// <summary>The SHA256 fingerprint as OpenSSH prints it: <c>SHA256:</c> and unpadded base64 of the blob's hash.</summary>
    public string Fingerprint => "SHA256:" + Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(Base64))).TrimEnd('=');

    /// <summary>The key type a public key blob names (its first SSH string), or null when it names none.</summary>
    public static string? TypeOf(byte[] blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (blob.Length < 4)
        {
            return null;
        }

        var length = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
        if (length is <= 0 or > 64 || blob.Length < 4 + length)
        {
            return null;
        }

        var type = System.Text.Encoding.ASCII.GetString(blob, 4, length);
        return type.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '@') ? type : null;
    }

    /// <summary>
    /// Reads "type base64" fields; null unless the type is a plain key type name and the blob is
    /// base64 that starts with that same type (so nothing but a key can reach known_hosts).
    /// </summary>
    public static HostKeyLine? TryParse(string keyType, string base64)
    {
        ArgumentNullException.ThrowIfNull(keyType);
        ArgumentNullException.ThrowIfNull(base64);
        if (keyType.Length is 0 or > 64 || !keyType.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '@')
            || base64.Length is 0 or > 16384)
        {
            return null;
        }

        var blob = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, blob, out var length) || length < 4)
        {
            return null;
        }

        // The blob begins with its own type as an SSH string: uint32 length, then the name.
        var nameLength = (blob[0] << 24) | (blob[1] << 16) | (blob[2] << 8) | blob[3];
        if (nameLength != keyType.Length || length < 4 + nameLength
            || System.Text.Encoding.ASCII.GetString(blob, 4, nameLength) != keyType)
        {
            return null;
        }

        return new HostKeyLine(keyType, base64);
    }
}
