using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SshBot.Diagnostics.Targets;

/// <summary>
/// Parses address literals the way the C library does (inet_aton for IPv4: one to four parts,
/// each decimal, octal with a leading 0, or hex with 0x, any number of leading zeros, one
/// trailing dot), so that <c>2852039166</c>, <c>0xA9FEA9FE</c>, <c>0x00000000a9fea9fe</c>,
/// <c>0251.0376.0251.0376</c>, <c>169.254.43518</c> and <c>0xA9FEA9FE.</c> are all seen as the
/// address they are, and unwraps IPv4-mapped and IPv4-compatible IPv6 addresses. IPv6 forms that
/// carry an IPv4 address inside (NAT64, SIIT, 6to4, Teredo) are exposed by
/// <see cref="EmbeddedIPv4"/> so the policy checks what they lead to as well. Policy is always
/// applied to the normalised form.
/// </summary>
public static class AddressParser
{
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork Nat64Local = IPNetwork.Parse("64:ff9b:1::/48");
    private static readonly IPNetwork Translated = IPNetwork.Parse("::ffff:0:0:0/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Teredo = IPNetwork.Parse("2001::/32");

    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = null;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6 || v6.ScopeId != 0)
            {
                return false;
            }

            address = Normalize(v6);
            return true;
        }

        // "1.2.3.4." and "0xA9FEA9FE." end where the resolver's search would start: the address still.
        var bare = text.Length > 1 && text[^1] == '.' && text[^2] != '.' ? text[..^1] : text;
        if (TryParseIPv4(bare, out var v4))
        {
            address = new IPAddress(BitConverter.IsLittleEndian ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v4) : v4);
            return true;
        }

        return false;
    }

    /// <summary>IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses become IPv4.</summary>
    public static IPAddress Normalize(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        var compatible = bytes[..12].IndexOfAnyExcept((byte)0) < 0;
        var low = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]);
        // ::a.b.c.d, but not :: or ::1, which are IPv6 addresses in their own right.
        if (compatible && low > 1)
        {
            return new IPAddress(bytes[12..].ToArray());
        }

        return address;
    }

    /// <summary>
    /// The IPv4 addresses an IPv6 address leads to or stands for: the well-known NAT64 prefix
    /// 64:ff9b::/96 (the last 32 bits); the local-use NAT64 prefix 64:ff9b:1::/48 (every place
    /// RFC 6052 lets a /48 to /96 prefix put it); SIIT's IPv4-translated ::ffff:0:a.b.c.d; 6to4
    /// 2002:AABB:CCDD::/48 (bits 16-47); Teredo 2001::/32 (the server, bits 32-63, and the client,
    /// the last 32 bits inverted). Empty for anything else. The probe still connects to the IPv6
    /// address; the policy refuses it if any of these is refused.
    /// </summary>
    public static IReadOnlyList<IPAddress> EmbeddedIPv4(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return [];
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (Nat64.Contains(address) || Translated.Contains(address))
        {
            return [V4(b[12], b[13], b[14], b[15])];
        }

        if (Nat64Local.Contains(address))
        {
            // RFC 6052 §2.2: prefixes of 48, 56, 64 and 96 bits; bits 64-71 (the "u" octet) are skipped.
            return new[]
            {
                V4(b[6], b[7], b[9], b[10]),
                V4(b[7], b[9], b[10], b[11]),
                V4(b[9], b[10], b[11], b[12]),
                V4(b[12], b[13], b[14], b[15]),
            }.Distinct().ToArray();
        }

        if (SixToFour.Contains(address))
        {
            return [V4(b[2], b[3], b[4], b[5])];
        }

        if (Teredo.Contains(address))
        {
            return [V4((byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]), V4(b[4], b[5], b[6], b[7])];
        }

        return [];
    }

    private static IPAddress V4(byte a, byte b, byte c, byte d) => new([a, b, c, d]);

    private static bool TryParseIPv4(string text, out uint value)
    {
        value = 0;
        var parts = text.Split('.');
        if (parts.Length is < 1 or > 4 || parts.Any(p => p.Length == 0))
        {
            return false;
        }

        var numbers = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParsePart(parts[i], out numbers[i]))
            {
                return false;
            }
        }

        // The last part fills the remaining bytes: a.b.c.d, a.b.(16 bits), a.(24 bits), (32 bits).
        var lastBits = 8 * (5 - parts.Length);
        ulong result = 0;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (numbers[i] > 0xFF)
            {
                return false;
            }

            result |= numbers[i] << (8 * (3 - i));
        }

        if (numbers[^1] >= 1UL << lastBits)
        {
            return false;
        }

        value = (uint)(result | numbers[^1]);
        return true;
    }

    private static bool TryParsePart(string part, out ulong value)
    {
        value = 0;
        if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            // strtoul takes any number of leading zeros: 0x00000000a9fea9fe is 0xa9fea9fe.
            var digits = part.AsSpan(2).TrimStart('0');
            return part.Length > 2 && part.AsSpan(2).IndexOfAnyExcept(HexDigits) < 0 && digits.Length <= 8
                && (digits.Length == 0 || ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value));
        }

        if (part.Length > 1 && part[0] == '0')
        {
            var digits = part.AsSpan(1).TrimStart('0');
            if (part.Any(c => c is < '0' or > '7') || digits.Length > 11)
            {
                return false;
            }

            foreach (var c in digits)
            {
                value = (value * 8) + (ulong)(c - '0');
            }

            return true;
        }

        return part.Length <= 10 && part.All(char.IsAsciiDigit) && ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}
