using System.Globalization;
using System.Text.RegularExpressions;

namespace SshBot.Diagnostics.Probes.Identify;

/// <summary>A parsed identification line: <c>SSH-protoversion-softwareversion SP comments</c> (RFC 4253 §4.2).</summary>
public sealed partial record Identification(string Line, string Protocol, string Software, string? Comments, string? Product, double? Version)
{
    /// <summary>The longest identification line RFC 4253 allows, CR LF included.</summary>
    public const int MaxLength = 255;

    public static Identification? TryParse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.StartsWith("SSH-", StringComparison.Ordinal))
        {
            return null;
        }

        var dash = line.IndexOf('-', 4);
        if (dash < 0)
        {
            return null;
        }

        var protocol = line[4..dash];
        var rest = line[(dash + 1)..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var software = space < 0 ? rest : rest[..space];
        var comments = space < 0 ? null : rest[(space + 1)..];
        var match = ProductPattern().Match(software);
        string? product = null;
        double? version = null;
        if (match.Success)
        {
            product = match.Groups["product"].Value;
            version = double.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
        }

        return new Identification(line, protocol, software, comments, product, version);
    }

    [GeneratedRegex(@"^(?<product>[A-Za-z][A-Za-z_.-]*?)[_-]?(?<version>\d{1,6}(?:\.\d{1,6})?)")]
    private static partial Regex ProductPattern();
}
