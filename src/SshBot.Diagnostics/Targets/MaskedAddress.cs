namespace SshBot.Diagnostics.Targets;

/// <summary>
/// An IPv4 address with parts hidden, as users mask them before posting (<c>192.168.x.x</c>,
/// <c>10.0.*.*</c>, <c>x.x.x.x</c>): no host to probe, though the parts left may still say what
/// kind of address it was.
/// </summary>
public static class MaskedAddress
{
    /// <summary>Four dot-separated parts, each a number up to 255 or a mask (<c>x</c>, <c>xx</c>, <c>***</c>, <c>#</c>), at least one a mask.</summary>
    public static bool IsMasked(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var parts = host.Split('.');
        return parts.Length == 4 && parts.All(p => byte.TryParse(p, out _) || IsMask(p)) && parts.Any(IsMask);
    }

    private static bool IsMask(string part) => part.Length is > 0 and <= 3 && part.All(c => c is 'x' or 'X' or '*' or '#' or '?' or '_');
}
