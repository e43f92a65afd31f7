using System.Globalization;

namespace SshBot.Incidents;

/// <summary>Durations as people type them in a CLI or chat: 30m, 12h, 7d, 2w (also 45s).</summary>
public static class DurationText
{
    /// <summary>Parses a positive whole number followed by one unit letter; false for anything else.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var unit = char.ToLowerInvariant(trimmed[^1]);
        if (!long.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count <= 0
            || count > 100_000)
        {
            return false;
        }

        TimeSpan? parsed = unit switch
        {
            's' => TimeSpan.FromSeconds(count),
            'm' => TimeSpan.FromMinutes(count),
            'h' => TimeSpan.FromHours(count),
            'd' => TimeSpan.FromDays(count),
            'w' => TimeSpan.FromDays(7 * count),
            _ => null,
        };
        if (parsed is null)
        {
            return false;
        }

        duration = parsed.Value;
        return true;
    }
}
