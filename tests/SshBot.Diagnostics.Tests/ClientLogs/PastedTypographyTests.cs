using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>Output that went through a chat client, mail or a word processor before it was pasted.</summary>
public sealed class PastedTypographyTests
{
    [Theory]
    [InlineData("ssh: connect to host web-01 port 22: Connection&nbsp;refused")]
    [InlineData("ssh: connect to host web-01 port 22: Connection\u00A0refused")]
    [InlineData("ssh: connect to host web-01 port 22: Connection\u202Frefused")]
    [InlineData("ssh: connect to host web-01 port 22: Connec\u200Btion refused")]
    [InlineData("\uFEFFssh: connect to host web-01 port 22: Connection refused")]
    public void UnicodeSpacesAndInvisibleCharactersDoNotHideTheFailure(string line)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal("connection-refused", result.Observations.GetText("client.error"));
        Assert.Equal("web-01", result.Observations.GetText("client.host"));
    }

    [Fact]
    public void AHostNameWithATypographicHyphenIsTheNameSshPrinted()
    {
        var result = ClientLogParser.Parse("ssh: connect to host web\u201101 port 22: Connection refused");

        Assert.Equal("web-01", result.Observations.GetText("client.host"));
    }

    [Fact]
    public void ADashFromAWordProcessorIsTheOptionSshWasGiven()
    {
        var result = ClientLogParser.Parse("$ ssh \u2013p 2222 ops@web-01\nkex_exchange_identification: Connection closed by remote host");

        Assert.Equal(2222, result.Observations["client.port"].Number);
    }

    [Fact]
    public void CurlyQuotesReadAsTheQuotesTheClientPrinted()
    {
        var result = ClientLogParser.Parse("Access denied for \u2018publickey\u2019. Authentication that can continue: password");

        Assert.Equal("permission-denied", result.Observations.GetText("client.error"));
        Assert.Equal(["publickey"], result.Observations["client.auth.methods_tried"].Items);
    }

    [Theory]
    [InlineData("Host key veri\uFB01cation failed.", "hostkey-failed")]
    [InlineData("ssh: connect to host web-01 port 22\uFF1A Connection refused", "connection-refused")]
    public void LigaturesAndFullWidthFormsReadAsTheirLetters(string line, string error)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(error, result.Observations.GetText("client.error"));
    }
}
