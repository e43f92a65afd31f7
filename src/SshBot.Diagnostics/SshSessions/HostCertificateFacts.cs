using System.Globalization;
using System.Security.Cryptography;
using Renci.SshNet.Security;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>What a report says about a certificate: its validity window and fingerprints, as OpenSSH prints them.</summary>
public static class HostCertificateFacts
{
    /// <summary>OpenSSH's "forever": a valid-before of 2^64-1.</summary>
    private const ulong Forever = ulong.MaxValue;

    /// <summary><c>valid</c>, <c>not-yet-valid</c> or <c>expired</c> at <paramref name="now"/>.</summary>
    public static string Window(Certificate certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var seconds = (ulong)Math.Max(0, now.ToUnixTimeSeconds());
        return seconds < certificate.ValidAfterUnixSeconds ? "not-yet-valid"
            : certificate.ValidBeforeUnixSeconds != Forever && seconds >= certificate.ValidBeforeUnixSeconds ? "expired"
            : "valid";
    }

    /// <summary>A bound of the window as yyyy-MM-ddTHH:mm:ssZ; "forever" and "always" for the open ends.</summary>
    public static string Show(ulong unixSeconds, bool isEnd) =>
        isEnd && unixSeconds == Forever ? "forever"
        : !isEnd && unixSeconds == 0 ? "always"
        : DateTimeOffset.FromUnixTimeSeconds((long)Math.Min(unixSeconds, 253402300799UL)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The certified key's SHA256 fingerprint (<c>SHA256:...</c>), the same as the plain key's.</summary>
    public static string KeyFingerprint(byte[] certificateBlob) =>
        "SHA256:" + Convert.ToBase64String(SHA256.HashData(PlainKeyBlob(certificateBlob))).TrimEnd('=');

    /// <summary>The plain public key blob inside a certificate blob: its type, then the key's own fields.</summary>
    /// <exception cref="FormatException">The blob is not a certificate.</exception>
    public static byte[] PlainKeyBlob(byte[] blob)
    {
        // The certificate blob is: string cert-type, string nonce, the key's fields (one string for
        // ed25519, two for RSA's e and n and for ECDSA's curve and point), then the rest.
        ArgumentNullException.ThrowIfNull(blob);
        var offset = 0;
        var certType = ReadString(blob, ref offset);
        ReadString(blob, ref offset);
        var plainType = certType.Replace("-cert-v01@openssh.com", "", StringComparison.Ordinal);
        var fields = plainType == "ssh-ed25519" ? 1 : 2;
        var start = offset;
        for (var i = 0; i < fields; i++)
        {
            ReadString(blob, ref offset);
        }

        var name = System.Text.Encoding.ASCII.GetBytes(plainType);
        var result = new byte[4 + name.Length + (offset - start)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(result, name.Length);
        name.CopyTo(result, 4);
        blob.AsSpan(start, offset - start).CopyTo(result.AsSpan(4 + name.Length));
        return result;
    }

    private static string ReadString(byte[] blob, ref int offset)
    {
        if (offset + 4 > blob.Length)
        {
            throw new FormatException("truncated certificate");
        }

        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(offset));
        if (length < 0 || offset + 4 + length > blob.Length)
        {
            throw new FormatException("truncated certificate");
        }

        var text = System.Text.Encoding.ASCII.GetString(blob, offset + 4, length);
        offset += 4 + length;
        return text;
    }
}
