using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.Tests.Targets;

public sealed class TargetParserTests
{
    [Theory]
    [InlineData("web-01", "web-01", 22, null)]
    [InlineData("deploy@web-01.corp.example.com:2222", "web-01.corp.example.com", 2222, "deploy")]
    [InlineData("WEB-01.Example.COM.", "web-01.example.com", 22, null)]
    [InlineData("10.1.2.3:22", "10.1.2.3", 22, null)]
    [InlineData("[2001:db8::1]:2200", "2001:db8::1", 2200, null)]
    [InlineData("root@[2001:db8::1]", "2001:db8::1", 22, "root")]
    [InlineData("2001:db8::1", "2001:db8::1", 22, null)]
    [InlineData("ssh://ops@host_a:2022", "host_a", 2022, "ops")]
    public void ValidTargetsParseIntoHostPortAndUser(string input, string host, int port, string? user)
    {
        var target = TargetParser.Parse(input);

        Assert.Equal(host, target.Host);
        Assert.Equal(port, target.Port);
        Assert.Equal(user, target.User);
    }

    [Theory]
    [InlineData("-oProxyCommand=id", "starts with '-'")]
    [InlineData("-oProxyCommand\u00AD=id", "non-ASCII")]
    [InlineData("web\u00AD01", "non-ASCII character U+00AD")]
    [InlineData("a;id", "';' is not allowed")]
    [InlineData("a$(id)", "'$' is not allowed")]
    [InlineData("a`id`", "'`' is not allowed")]
    [InlineData("a|b", "'|' is not allowed")]
    [InlineData("a\nb", "whitespace or a control character")]
    [InlineData("a\0b", "whitespace or a control character")]
    [InlineData("a b", "whitespace or a control character")]
    [InlineData("", "empty")]
    [InlineData("host:0", "port must be a number from 1 to 65535")]
    [InlineData("host:65536", "port must be a number from 1 to 65535")]
    [InlineData("host:22x", "port must be a number from 1 to 65535")]
    [InlineData("-l@host", "user name")]
    [InlineData("a..b", "label")]
    [InlineData("[::1", "closing ']'")]
    [InlineData("[web-01]:22", "not an IPv6 address")]
    [InlineData("999.1.1.1", "looks like an address")]
    [InlineData("192.168.x.x", "masked address")]
    [InlineData("deploy@10.0.*.*:2222", "masked address")]
    [InlineData("x.x.x.x", "masked address")]
    public void HostileOrMalformedTargetsAreRejectedWithOneClearLine(string input, string expected)
    {
        var e = Assert.Throws<TargetFormatException>(() => TargetParser.Parse(input));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\0', e.Message);
    }

    [Fact]
    public void NamesLongerThan253CharactersAreRejected()
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 60), 5));

        var e = Assert.Throws<TargetFormatException>(() => TargetParser.Parse(name));

        Assert.Contains("longer than 253", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2852039166")]
    [InlineData("0xA9FEA9FE")]
    [InlineData("0251.0376.0251.0376")]
    [InlineData("169.254.43518")]
    [InlineData("0xa9.0xfe.0xa9.0xfe")]
    [InlineData("[::ffff:a9fe:a9fe]")]
    [InlineData("[::169.254.169.254]")]
    [InlineData("::ffff:169.254.169.254")]
    public void EveryEncodingOfAnAddressNormalisesToTheSameAddress(string input)
    {
        var target = TargetParser.Parse(input);

        Assert.Equal("169.254.169.254", target.Host);
        Assert.Equal("ipv4", target.Kind);
    }

    [Theory]
    [InlineData("127.1", "127.0.0.1")]
    [InlineData("0177.0.0.1", "127.0.0.1")]
    [InlineData("2130706433", "127.0.0.1")]
    [InlineData("0", "0.0.0.0")]
    [InlineData("[::]", "::")]
    [InlineData("[::1]", "::1")]
    public void ShortAndOctalFormsNormalise(string input, string expected)
    {
        Assert.Equal(expected, TargetParser.Parse(input).Host);
    }
}
