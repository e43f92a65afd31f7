using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using SshBot.Zones.Configuration;
using SshBot.Zones.Tests.Support;

namespace SshBot.Zones.Tests.Running;

/// <summary>Every Nats__* and Zones__* setting the README and the zones compose file name is one the zone settings read.</summary>
public sealed partial class ZoneSettingsDriftTests
{
    public static TheoryData<string> Files => new() { "README.md", "infra/deploy/compose.zones.yaml", "kb/no-vantage-point.md" };

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryZoneOrNatsSettingAFileNamesIsRead(string file)
    {
        var keys = Key().Matches(File.ReadAllText(Path.Combine(Repository.Root, file))).Select(m => m.Value.Replace("__", ":", StringComparison.Ordinal)).Distinct().ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.True(IsRead(key), $"{file} names {key}, which the zone settings do not read"));
    }

    [Fact]
    public void AMisspelledSettingIsCaught()
    {
        Assert.False(IsRead("Nats:Urls"));
        Assert.False(IsRead("Nats:Tls:CaFiles"));
        Assert.False(IsRead("Zones:0:Cidr:0"));
        Assert.True(IsRead("Nats:Tls:CaFile"));
        Assert.True(IsRead("Zones:1:Suffixes:0"));
    }

    /// <summary>A key is read if setting it changes what the reader returns, or it is refused naming it.</summary>
    private static bool IsRead(string key)
    {
        var probeFile = Path.GetTempFileName();
        try
        {
            foreach (var value in (string[])["7", "require", probeFile, "probe", "10.9.0.0/16"])
            {
                if (Changes(key, value))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            File.Delete(probeFile);
        }
    }

    private static bool Changes(string key, string value)
    {
        var zone = Regex.Replace(key, @"^Zones:\d+", "Zones:0");
        var baseline = new Dictionary<string, string?> { ["Nats:Url"] = "nats://a:4222", ["Zones:0:Name"] = "dc1", ["Zones:0:Cidrs:0"] = "10.1.0.0/16" };
        var probed = new Dictionary<string, string?>(baseline) { [zone] = value };
        try
        {
            var before = Describe(baseline);
            return Describe(probed) != before;
        }
        catch (ZoneConfigurationException e)
        {
            return e.Message.Contains(zone.Replace("Nats:", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    private static string Describe(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var nats = ZoneSettings.ReadNats(configuration);
        var zones = ZoneSettings.ReadZones(configuration).Zones.Select(z => $"{z.Name}|{string.Join(',', z.Networks)}|{string.Join(',', z.Suffixes)}|{string.Join(',', z.Aliases)}");
        return nats + nats.Tls.ToString() + string.Join(';', zones);
    }

    [GeneratedRegex(@"\b(?:Nats|Zones)(?:__[A-Za-z0-9]+)+\b")]
    private static partial Regex Key();
}
