using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace SshBot.Zones.Configuration;

/// <summary>
/// Reads <c>Zones:N:Name</c>, <c>Zones:N:Cidrs:M</c>, <c>Zones:N:Suffixes:M</c>,
/// <c>Zones:N:Aliases:M</c> and the <c>Nats</c> section. Everything is checked here, at start-up:
/// a bad entry is one <see cref="ZoneConfigurationException"/> naming the setting, never a failure
/// on the first diagnosis.
/// </summary>
public static partial class ZoneSettings
{
    public const string ZonesSection = "Zones";
    public const string NatsSection = "Nats";

    /// <summary>The zones configured; empty when there is no <c>Zones</c> section.</summary>
    public static ZoneMap ReadZones(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var zones = new List<Zone>();
        foreach (var entry in configuration.GetSection(ZonesSection).GetChildren())
        {
            var at = $"{ZonesSection}:{entry.Key}";
            var name = Blank(entry["Name"]) ?? throw new ZoneConfigurationException($"{at}:Name is missing.");
            if (!NamePattern().IsMatch(name))
            {
                throw new ZoneConfigurationException($"{at}:Name '{name}' must be 1-32 lowercase letters, digits or dashes, starting with a letter or digit.");
            }

            var networks = List(entry, "Cidrs").Select(c => Network(c, $"{at}:Cidrs")).ToArray();
            var suffixes = List(entry, "Suffixes").Select(s => Suffix(s, $"{at}:Suffixes")).ToArray();
            if (networks.Length == 0 && suffixes.Length == 0)
            {
                throw new ZoneConfigurationException($"{at} ({name}) covers nothing: give it Cidrs or Suffixes.");
            }

            var zone = new Zone(name, networks, suffixes, List(entry, "Aliases"));
            var map = new ZoneMap(zones);
            if (new[] { name }.Concat(zone.Aliases).FirstOrDefault(n => map.Named(n) is not null) is { } clash)
            {
                throw new ZoneConfigurationException($"{at}: the name or alias '{clash}' is already zone '{map.Named(clash)!.Name}'.");
            }

            zones.Add(zone);
        }

        return new ZoneMap(zones);
    }

    /// <summary>The <c>Nats</c> section; <c>Nats:Url</c> is required.</summary>
    public static NatsSettings ReadNats(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var s = configuration.GetSection(NatsSection);
        var url = Blank(s["Url"]) ?? throw new ZoneConfigurationException("Nats:Url is missing (e.g. nats://nats.example.com:4222): zones and agents work over NATS.");
        foreach (var one in url.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(one, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls" or "ws" or "wss"))
            {
                throw new ZoneConfigurationException($"Nats:Url '{one}' is not a nats://, tls://, ws:// or wss:// URL.");
            }
        }

        var deployment = Blank(s["Deployment"]) ?? "default";
        if (!NamePattern().IsMatch(deployment))
        {
            throw new ZoneConfigurationException($"Nats:Deployment '{deployment}' must be 1-32 lowercase letters, digits or dashes.");
        }

        var settings = new NatsSettings
        {
            Url = url,
            Deployment = deployment,
            User = Blank(s["User"]),
            Password = Blank(s["Password"]),
            Token = Blank(s["Token"]),
            CredsFile = File(s, "CredsFile"),
            NKeyFile = File(s, "NKeyFile"),
            Tls = new NatsTlsSettings
            {
                Mode = Mode(Blank(s["Tls:Mode"]) ?? "auto"),
                CaFile = File(s, "Tls:CaFile"),
                CertFile = File(s, "Tls:CertFile"),
                KeyFile = File(s, "Tls:KeyFile"),
            },
        };
        if ((settings.Tls.CertFile is null) != (settings.Tls.KeyFile is null))
        {
            throw new ZoneConfigurationException("Nats:Tls:CertFile and Nats:Tls:KeyFile go together.");
        }

        if (settings.User is not null && settings.Password is null)
        {
            throw new ZoneConfigurationException("Nats:User is set without Nats:Password.");
        }

        var defaults = new NatsSettings { Url = url };
        return settings with
        {
            AckWait = Seconds(s, "AckWait", defaults.AckWait, 1, 3600),
            MaxDeliver = Whole(s, "MaxDeliver", defaults.MaxDeliver, 1, 100),
            ResultTimeout = Seconds(s, "ResultTimeout", defaults.ResultTimeout, 1, 86400),
            HeartbeatInterval = Seconds(s, "HeartbeatInterval", defaults.HeartbeatInterval, 0.1, 600),
            OfflineAfter = Seconds(s, "OfflineAfter", defaults.OfflineAfter, 0.3, 86400),
            DuplicateWindow = Seconds(s, "DuplicateWindow", defaults.DuplicateWindow, 1, 86400),
            JobMaxAge = Seconds(s, "JobMaxAge", defaults.JobMaxAge, 1, 7 * 86400),
            ResultMaxAge = Seconds(s, "ResultMaxAge", defaults.ResultMaxAge, 1, 30 * 86400),
        };
    }

    private static IReadOnlyList<string> List(IConfigurationSection entry, string key)
    {
        var section = entry.GetSection(key);
        var children = section.GetChildren().Select(c => Blank(c.Value)).OfType<string>().ToList();
        return children.Count > 0 ? children : (Blank(section.Value)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? []);
    }

    private static IPNetwork Network(string text, string at)
    {
        if (IPNetwork.TryParse(text, out var network))
        {
            return network;
        }

        return IPAddress.TryParse(text, out var single)
            ? new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : throw new ZoneConfigurationException($"{at}: '{text}' is not a CIDR (10.1.0.0/16) or an address.");
    }

    private static string Suffix(string text, string at)
    {
        var suffix = text.TrimStart('.').ToLowerInvariant();
        return SuffixPattern().IsMatch(suffix)
            ? suffix
            : throw new ZoneConfigurationException($"{at}: '{text}' is not a DNS suffix (dc1.example.com).");
    }

    private static string Mode(string mode) =>
        mode.ToLowerInvariant() is "auto" or "require" or "implicit" or "disable" or "prefer"
            ? mode.ToLowerInvariant()
            : throw new ZoneConfigurationException($"Nats:Tls:Mode '{mode}' must be auto, prefer, require, implicit or disable.");

    private static string? File(IConfigurationSection s, string key)
    {
        var path = Blank(s[key]);
        return path is null || System.IO.File.Exists(path)
            ? path
            : throw new ZoneConfigurationException($"Nats:{key} '{path}' does not exist.");
    }

    private static TimeSpan Seconds(IConfigurationSection s, string key, TimeSpan fallback, double min, double max)
    {
        var text = Blank(s[key]);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= min && seconds <= max
            ? TimeSpan.FromSeconds(seconds)
            : throw new ZoneConfigurationException($"Nats:{key} '{text}' must be a number of seconds from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
    }

    private static int Whole(IConfigurationSection s, string key, int fallback, int min, int max)
    {
        var text = Blank(s[key]);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ZoneConfigurationException($"Nats:{key} '{text}' must be a whole number from {min} to {max}.");
    }

    /// <summary>Whether <paramref name="name"/> may name a zone or a deployment (it becomes a subject token and part of bucket names).</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    internal static partial Regex NamePattern();

    [GeneratedRegex(@"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex SuffixPattern();
}
