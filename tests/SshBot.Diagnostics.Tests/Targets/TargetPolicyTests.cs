using System.Net;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.Tests.Targets;

public sealed class TargetPolicyTests
{
    private static readonly TargetPolicy ChatPolicy = new(new TargetPolicyOptions
    {
        Allow = ["10.0.0.0/8", "198.18.0.0/15", "corp.example.com", "127.0.0.0/8"],
        Deny = ["10.66.0.0/16", "secret.corp.example.com"],
        Ports = [22, 2222],
    });

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.1")]
    [InlineData("0x7f000001")]
    [InlineData("017700000001")]
    [InlineData("[::1]")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("169.254.1.1")]
    [InlineData("[fe80::1]")]
    [InlineData("224.0.0.1")]
    [InlineData("[ff02::1]")]
    [InlineData("0.0.0.0")]
    [InlineData("0")]
    [InlineData("[::]")]
    public void LoopbackLinkLocalMulticastAndUnspecifiedAreRefusedForChatInEveryEncoding(string input)
    {
        var decision = ChatPolicy.Precheck(TargetParser.Parse(input), RequestOrigin.Chat);

        Assert.False(decision.Allowed);
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("[fd00:ec2::254]")]
    [InlineData("224.0.0.1")]
    [InlineData("0.0.0.0")]
    public void TheAlwaysDeniedSetIsRefusedEvenForTheLocalOperator(string input)
    {
        Assert.False(TargetPolicy.Default.Precheck(TargetParser.Parse(input), RequestOrigin.Cli).Allowed);
    }

    [Fact]
    public void TheLocalOperatorMayProbeLoopbackAndAnyOrdinaryAddress()
    {
        Assert.True(TargetPolicy.Default.Precheck(TargetParser.Parse("127.0.0.1:9"), RequestOrigin.Cli).Allowed);
        Assert.True(TargetPolicy.Default.Precheck(TargetParser.Parse("203.0.113.7"), RequestOrigin.Cli).Allowed);
    }

    [Fact]
    public void ANameResolvingToOneAllowedAndOneDeniedAddressIsRefusedAsAWhole()
    {
        var target = TargetParser.Parse("web-01.corp.example.com");
        IPAddress[] addresses = [IPAddress.Parse("10.1.2.3"), IPAddress.Parse("169.254.169.254")];

        var decision = ChatPolicy.Evaluate(target, addresses, RequestOrigin.Chat);

        Assert.False(decision.Allowed);
        Assert.Contains("metadata", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAllowlistedNameStillCannotReachADeniedRange()
    {
        var decision = ChatPolicy.Evaluate(TargetParser.Parse("db.corp.example.com"), [IPAddress.Parse("10.66.1.1")], RequestOrigin.Chat);

        Assert.False(decision.Allowed);
        Assert.Contains("10.66.0.0/16", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("corp.example.com", true)]
    [InlineData("web-01.corp.example.com", true)]
    [InlineData("WEB-01.CORP.EXAMPLE.COM.", true)]
    [InlineData("corp.example.com.evil", false)]
    [InlineData("evilcorp.example.com", false)]
    [InlineData("example.com", false)]
    public void SuffixesMatchOnLabelBoundariesOnly(string host, bool matches)
    {
        Assert.Equal(matches, TargetPolicy.MatchesSuffix(host, "corp.example.com"));
    }

    [Fact]
    public void ADeniedSuffixIsRefusedBeforeAnyLookup()
    {
        Assert.False(ChatPolicy.Precheck(TargetParser.Parse("x.secret.corp.example.com"), RequestOrigin.Chat).Allowed);
    }

    [Fact]
    public void AChatTargetOutsideTheAllowListIsRefusedWithHowToAllowIt()
    {
        var decision = ChatPolicy.Precheck(TargetParser.Parse("192.0.2.10"), RequestOrigin.Chat);

        Assert.False(decision.Allowed);
        Assert.Contains("Targets:Allow", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.1.2.3:22", true)]
    [InlineData("10.1.2.3:2222", true)]
    [InlineData("10.1.2.3:3306", false)]
    [InlineData("10.1.2.3:25", false)]
    public void ChatPortsOutsideTheAllowedSetAreRefused(string input, bool allowed)
    {
        Assert.Equal(allowed, ChatPolicy.Precheck(TargetParser.Parse(input), RequestOrigin.Chat).Allowed);
    }

    [Fact]
    public void AMalformedPolicyEntryStopsConstructionNamingTheSetting()
    {
        var e = Assert.Throws<ArgumentException>(() => new TargetPolicy(new TargetPolicyOptions { Allow = ["10.0.0.0/8", "not a cidr!"] }));

        Assert.Contains("Targets:Allow", e.Message, StringComparison.Ordinal);
    }
}
