using System.Net;
using NSubstitute;
using SshBot.Diagnostics.Targets;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.Regressions;

/// <summary>
/// Issue 16 item 7: IPv6 forms that carry an IPv4 address (NAT64, SIIT, 6to4, Teredo) were not
/// unwrapped, so the CLI probed 64:ff9b::a9fe:a9fe; names the system resolver reads as addresses
/// (inet_aton: long hex, a trailing dot) were names to the parser; a zone id was silently dropped.
/// </summary>
public sealed class EmbeddedAndResolverAddressTests
{
    // 169.254.169.254 is a9fe:a9fe; inverted for Teredo's client, 5601:5601.
    [Theory]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b::169.254.169.254")]
    [InlineData("[64:ff9b::a9fe:a9fe]:22")]
    [InlineData("64:ff9b:1::a9fe:a9fe")]
    [InlineData("64:ff9b:1:a9fe:a9:fe00::")]
    [InlineData("64:ff9b:1:a9:fe:a9fe::")]
    [InlineData("64:ff9b:1:0:a9:fea9:fe00:0")]
    [InlineData("::ffff:0:a9fe:a9fe")]
    [InlineData("2002:a9fe:a9fe::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:5601:5601")]
    [InlineData("2001:0:a9fe:a9fe::f5ff:fffe")]
    [InlineData("64:ff9b::e000:1")]
    [InlineData("64:ff9b::0.0.0.0")]
    public async Task AnIPv6AddressCarryingAnAlwaysDeniedIPv4AddressIsRefusedEvenToTheCliWithoutASocket(string input)
    {
        var probe = new Probe();

        var result = await probe.RunAsync(input);

        Assert.True(result.Refused, result.Policy.Reason);
        Assert.Contains("never probed", result.Policy.Reason, StringComparison.Ordinal);
        await probe.Connector.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default);
    }

    [Theory]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("::ffff:0:7f00:1")]
    public async Task AnIPv6AddressCarryingLoopbackIsRefusedToChatEvenWhenTheIPv6RangeIsAllowed(string input)
    {
        var probe = new Probe { Policy = new TargetPolicy(new TargetPolicyOptions { Allow = ["::/0", "0.0.0.0/0"] }) };

        var result = await probe.RunAsync(input, RequestOrigin.Chat);

        Assert.True(result.Refused);
        Assert.Contains("loopback", result.Policy.Reason, StringComparison.Ordinal);
        await probe.Connector.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default);
    }

    [Theory]
    [InlineData("64:ff9b::a01:203")]
    [InlineData("2002:a01:203::1")]
    public async Task AnIPv6AddressCarryingADeniedRangeIsRefused(string input)
    {
        var probe = new Probe { Policy = new TargetPolicy(new TargetPolicyOptions { Deny = ["10.0.0.0/8"] }) };

        var result = await probe.RunAsync(input);

        Assert.True(result.Refused);
        Assert.Contains("denied range 10.0.0.0/8", result.Policy.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOrdinaryIPv6AddressCarriesNoIPv4Address() =>
        Assert.Empty(AddressParser.EmbeddedIPv4(IPAddress.Parse("2001:db8::1")));

    // What glibc's inet_aton (and so getaddrinfo) reads as 169.254.169.254.
    [Theory]
    [InlineData("0x00000000a9fea9fe")]
    [InlineData("0X00000000A9FEA9FE")]
    [InlineData("0xA9FEA9FE.")]
    [InlineData("169.254.169.254.")]
    [InlineData("0251.0376.0251.0376.")]
    [InlineData("000000000251.0376.0251.0376")]
    [InlineData("0xa9.0xfe.0xa9fe")]
    [InlineData("0xa9.0xfe.0xa9fe.")]
    [InlineData("0xa9.16689662")]
    [InlineData("0xa9.0x0000fea9fe")]
    [InlineData("169.0376.0x00a9fe")]
    [InlineData("00000000000000000000025177524776")]
    public async Task ANameTheSystemResolverReadsAsTheMetadataAddressIsParsedAsThatAddressAndRefused(string input)
    {
        var probe = new Probe();

        var target = TargetParser.Parse(input);
        var result = await probe.RunAsync(input);

        Assert.Equal(IPAddress.Parse("169.254.169.254"), target.Address);
        Assert.True(result.Refused);
        await probe.Resolver.DidNotReceiveWithAnyArgs().ResolveAsync(default!, default);
        await probe.Connector.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default);
    }

    [Theory]
    [InlineData("0x1a9fea9fe")]
    [InlineData("0xa9.0xfe.0xa9.0xfe.0x1")]
    [InlineData("1.2.3.4..")]
    public void ANumericNameThatIsNoAddressIsRefusedRatherThanResolved(string input)
    {
        var error = Assert.Throws<TargetFormatException>(() => TargetParser.Parse(input));

        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[::1%25lo]")]
    [InlineData("[fe80::1%eth0]:22")]
    [InlineData("fe80::1%eth0")]
    [InlineData("deploy@[::1%lo]")]
    [InlineData("[::1%]")]
    public void AnIPv6ZoneIdIsRefusedWithAClearMessageInsteadOfBeingDropped(string input)
    {
        var error = Assert.Throws<TargetFormatException>(() => TargetParser.Parse(input));

        Assert.Contains("zone id", error.Message, StringComparison.Ordinal);
    }
}
