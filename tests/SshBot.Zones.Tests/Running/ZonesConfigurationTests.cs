using Microsoft.Extensions.Configuration;
using SshBot.Diagnostics.Targets;
using SshBot.Zones.Configuration;

namespace SshBot.Zones.Tests.Running;

public sealed class ZonesConfigurationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] entries) =>
        new ConfigurationBuilder().AddInMemoryCollection(entries.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))).Build();

    [Fact]
    public void NoZonesSectionMeansNoZones()
    {
        Assert.True(ZoneSettings.ReadZones(Config()).IsEmpty);
    }

    [Fact]
    public void ZonesMapAddressesNamesAndAliases()
    {
        var map = ZoneSettings.ReadZones(Config(
            ("Zones:0:Name", "dc1"), ("Zones:0:Cidrs:0", "10.1.0.0/16"), ("Zones:0:Suffixes:0", "dc1.example.com"),
            ("Zones:1:Name", "office"), ("Zones:1:Cidrs", "10.20.0.0/16, 10.21.0.5"), ("Zones:1:Aliases:0", "office VPN")));

        Assert.Equal("dc1", map.Find(TargetParser.Parse("10.1.2.3"))!.Name);
        Assert.Equal("dc1", map.Find(TargetParser.Parse("db-07.dc1.example.com"))!.Name);
        Assert.Null(map.Find(TargetParser.Parse("db-07.dc1.example.com.evil")));
        Assert.Equal("office", map.Find(TargetParser.Parse("10.21.0.5"))!.Name);
        Assert.Null(map.Find(TargetParser.Parse("10.21.0.6")));
        Assert.Equal("office", map.Named("the Office VPN".Replace("the ", "", StringComparison.Ordinal))!.Name);
        Assert.Equal("office", map.Named("office network")!.Name);
        Assert.Null(map.Named("laptop"));
    }

    [Theory]
    [InlineData("Zones:0:Name", "DC 1", "Zones:0:Name 'DC 1'")]
    [InlineData("Zones:0:Cidrs:0", "10.1.0.0/33", "Zones:0:Cidrs: '10.1.0.0/33'")]
    [InlineData("Zones:0:Suffixes:0", "*.example.com", "Zones:0:Suffixes: '*.example.com'")]
    public void ABadZoneIsOneClearErrorNamingTheSetting(string key, string value, string expected)
    {
        var entries = new Dictionary<string, string> { ["Zones:0:Name"] = "dc1", ["Zones:0:Cidrs:0"] = "10.1.0.0/16", [key] = value };

        var error = Assert.Throws<ZoneConfigurationException>(() => ZoneSettings.ReadZones(Config([.. entries.Select(e => (e.Key, e.Value))])));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AZoneCoveringNothingOrNamedTwiceIsRefused()
    {
        Assert.Contains("covers nothing", Assert.Throws<ZoneConfigurationException>(() => ZoneSettings.ReadZones(Config(("Zones:0:Name", "dc1")))).Message, StringComparison.Ordinal);
        Assert.Contains("already zone 'dc1'", Assert.Throws<ZoneConfigurationException>(() => ZoneSettings.ReadZones(Config(
            ("Zones:0:Name", "dc1"), ("Zones:0:Cidrs:0", "10.1.0.0/16"), ("Zones:1:Name", "office"), ("Zones:1:Cidrs:0", "10.2.0.0/16"), ("Zones:1:Aliases:0", "DC1")))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NatsSettingsAreCheckedAtStartUp()
    {
        Assert.Contains("Nats:Url is missing", Assert.Throws<ZoneConfigurationException>(() => ZoneSettings.ReadNats(Config())).Message, StringComparison.Ordinal);
        Assert.Contains("Nats:Url 'http://x'", Assert.Throws<ZoneConfigurationException>(() => ZoneSettings.ReadNats(Config(("Nats:Url", "http://x")))).Message, StringComparison.Ordinal);
        Assert.Contains("Nats:AckWait '0'", Assert.Throws<ZoneConfigurationException>(() => ZoneSettings.ReadNats(Config(("Nats:Url", "nats://a:4222"), ("Nats:AckWait", "0")))).Message, StringComparison.Ordinal);
        Assert.Contains("Nats:CredsFile", Assert.Throws<ZoneConfigurationException>(() => ZoneSettings.ReadNats(Config(("Nats:Url", "nats://a:4222"), ("Nats:CredsFile", "/nonexistent/agent.creds")))).Message, StringComparison.Ordinal);

        var nats = ZoneSettings.ReadNats(Config(("Nats:Url", "tls://nats.example.com:4222"), ("Nats:Deployment", "prod"), ("Nats:MaxDeliver", "3")));
        Assert.Equal("sshbot.prod.jobs.dc1", nats.JobSubject("dc1"));
        Assert.Equal("sshbot-prod-jobs", nats.JobsStream);
        Assert.Equal(3, nats.MaxDeliver);
    }
}
