using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>ssh quotes the C library's error text, which a non-English locale translates.</summary>
public sealed class LocalizedErrorTests
{
    [Theory]
    [InlineData("ssh: connect to host web-01 port 22: Verbindungsaufbau abgelehnt", "connection-refused", "connect")]
    [InlineData("ssh: connect to host web-01 port 22: Connexion refusée", "connection-refused", "connect")]
    [InlineData("ssh: connect to host web-01 port 22: Conexión rehusada", "connection-refused", "connect")]
    [InlineData("ssh: connect to host web-01 port 22: В соединении отказано", "connection-refused", "connect")]
    [InlineData("ssh: connect to host web-01 port 22: 拒绝连接", "connection-refused", "connect")]
    [InlineData("ssh: connect to host web-01 port 22: 接続を拒否されました", "connection-refused", "connect")]
    [InlineData("ssh: connect to host web-01 port 22: Connexion terminée par expiration du délai d'attente", "connection-timed-out", "connect")]
    [InlineData("ssh: connect to host web-01 port 22: Keine Route zum Zielrechner", "no-route", "connect")]
    [InlineData("ssh: connect to host web-01 port 22: 网络不可达", "no-route", "connect")]
    [InlineData("kex_exchange_identification: read: Die Verbindung wurde vom Kommunikationspartner zurückgesetzt", "connection-reset", "banner")]
    [InlineData("ssh: Could not resolve hostname web-01: Der Name oder der Dienst ist nicht bekannt", "name-not-resolved", "resolve")]
    [InlineData("fatal: unable to access host: Échec temporaire dans la résolution du nom", "name-not-resolved", "resolve")]
    [InlineData("client_loop: send disconnect: Relais brisé (pipe)", "broken-pipe", "session")]
    [InlineData("New-SSHSession : Es konnte keine Verbindung hergestellt werden, da der Zielcomputer die Verbindung verweigerte 10.0.0.5:22", "connection-refused", "connect")]
    [InlineData("[WinError 10061] Aucune connexion n'a pu être établie car l'ordinateur cible l'a expressément refusée", "connection-refused", "connect")]
    [InlineData("System.Net.Sockets.SocketException: Eine vorhandene Verbindung wurde vom Remotehost geschlossen", "connection-reset", "banner")]
    public void TheTranslatedErrorIsTheFailureItTranslates(string line, string error, string stage)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(error, result.Observations.GetText("client.error"));
        Assert.Equal(stage, result.Observations.GetText("client.stage"));
    }

    /// <summary>Where ssh and the tools around it print each message, with the message as {0}.</summary>
    private static readonly Dictionary<string, string> Contexts = new(StringComparer.Ordinal)
    {
        ["Connection refused"] = "ssh: connect to host web-01 port 22: {0}",
        ["Connection timed out"] = "ssh: connect to host web-01 port 22: {0}",
        ["No route to host"] = "ssh: connect to host web-01 port 22: {0}",
        ["Network is unreachable"] = "ssh: connect to host web-01 port 22: {0}",
        ["Connection reset by peer"] = "kex_exchange_identification: read: {0}",
        ["Software caused connection abort"] = "Read from remote host web-01: {0}",
        ["Name or service not known"] = "socket.gaierror: [Errno -2] {0}",
        ["Temporary failure in name resolution"] = "socket.gaierror: [Errno -3] {0}",
        ["Broken pipe"] = "client_loop: send disconnect: {0}",
        ["No space left on device"] = "scp: /srv/backup/db.tar: write: {0}",
        ["Disk quota exceeded"] = "scp: /srv/backup/db.tar: write: {0}",
        ["Cannot allocate memory"] = "-bash: fork: {0}",
    };

    public static TheoryData<string, string, string> GlibcTranslations()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (english, language, translated) in LocalizedSocketErrors.Glibc)
        {
            data.Add(english, language, translated);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GlibcTranslations))]
    public void EveryGlibcTranslationReadsAsItsEnglish(string english, string language, string translated)
    {
        var context = Contexts[english];
        var inEnglish = ClientLogParser.Parse(string.Format(context, english)).Observations;
        var translatedLine = ClientLogParser.Parse(string.Format(context, translated)).Observations;

        Assert.NotEqual("other", inEnglish.GetText("client.error"));
        Assert.True(inEnglish.GetText("client.error") == translatedLine.GetText("client.error")
            && inEnglish.GetText("client.stage") == translatedLine.GetText("client.stage"),
            $"{language} '{translated}': {translatedLine.GetText("client.error")} at {translatedLine.GetText("client.stage")}, " +
            $"where '{english}' is {inEnglish.GetText("client.error")} at {inEnglish.GetText("client.stage")}");
    }

    [Fact]
    public void TheGlibcTableCoversTheLanguagesUsersRun()
    {
        var languages = LocalizedSocketErrors.Glibc.Where(entry => entry.English == "Connection refused")
            .Select(entry => entry.Language).ToHashSet();

        Assert.Superset(new HashSet<string> { "de", "fr", "es", "it", "pt_BR", "ru", "uk", "pl", "cs", "nl", "tr", "ja", "ko", "zh_CN", "zh_TW", "sv", "vi" }, languages);
    }

    [Fact]
    public void ATranslatedResetInTheSessionsReadIsAnIdleDrop()
    {
        var result = ClientLogParser.Parse("Read from remote host web-01: 接続が相手からリセットされました\nConnection to web-01 closed.");

        Assert.Equal("session", result.Observations.GetText("client.stage"));
        Assert.True(result.Observations["client.idle_drop"].Flag);
    }

    [Fact]
    public void ATranslatedReasonBehindAJumpHostIsTheTargetsFailure()
    {
        var result = ClientLogParser.Parse("""
            channel 0: open failed: connect failed: Connexion refusée
            stdio forwarding failed
            Connection closed by UNKNOWN port 65535
            """);

        Assert.Equal("connection-refused", result.Observations.GetText("client.error"));
        Assert.Equal("target", result.Observations.GetText("client.failed_hop"));
    }
}
