using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SshBot.Diagnostics.Targets;

/// <summary>
/// Parses address literals the way the C library does (inet_aton for IPv4: one to four parts,
/// each decimal, octal with a leading 0, or hex with 0x), so that <c>2852039166</c>,
/// <c>0xA9FEA9FE</c>, <c>0251.0376.0251.0376</c> and <c>169.254.43518</c> are all seen as
/// the address they are, and unwraps IPv4-mapped and IPv4-compatible IPv6 addresses. Policy
/// is always applied to the normalised form.
/// </summary>
public static class AddressParser
{
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (!IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6 || v6.ScopeId != 0)
            {
                return false;
            }

            address = Normalize(v6);
            return true;
        }

        if (TryParseIPv4(text, out var v4))
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
            return part.Length is > 2 and <= 10 && ulong.TryParse(part.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        if (part.Length > 1 && part[0] == '0')
        {
            if (part.Length > 12 || part.Any(c => c is < '0' or > '7'))
            {
                return false;
            }

            foreach (var c in part)
            {
                value = (value * 8) + (ulong)(c - '0');
            }

            return true;
        }

        return part.Length <= 10 && part.All(char.IsAsciiDigit) && ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
