using SshBot.Chat.Console;
using SshBot.Chat.Conversation;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Console;

public sealed class ConsoleSessionTests
{
    [Fact]
    public async Task AConsoleSessionDiagnosesRecordsFeedbackAndStopsAtQuit()
    {
        await using var world = await ChatWorld.CreateAsync();
        var session = new ConsoleSession(world.Conversation, new ChatUser("console", "host", "operator"));
        using var input = new StringReader("can't ssh to web-01\nfixed\nhistory web-01\nquit\ncan't ssh to web-02\n");
        using var output = new StringWriter();

        await session.RunAsync(input, output, TestContext.Current.CancellationToken);

        var text = output.ToString();
        Assert.Contains("Looking at web-01…", text, StringComparison.Ordinal);
        Assert.Contains("web-01: Nothing listens on the SSH port", text, StringComparison.Ordinal);
        Assert.Contains("Reply: 'fixed' (Fixed it)", text, StringComparison.Ordinal);
        Assert.Contains("as fixed", text, StringComparison.Ordinal);
        Assert.Contains("fixed by console:host:operator", text, StringComparison.Ordinal);
        Assert.DoesNotContain("web-02", text, StringComparison.Ordinal);
        Assert.Equal(1, world.Runner.Runs);
        var incident = Assert.Single(await world.Store.ListIncidentsAsync(new IncidentQuery("web-01"), TestContext.Current.CancellationToken));
        Assert.Equal(IncidentStatuses.Resolved, incident.Status);
    }

    [Fact]
    public async Task EndOfInputEndsTheSession()
    {
        await using var world = await ChatWorld.CreateAsync();
        using var output = new StringWriter();

        await new ConsoleSession(world.Conversation, new ChatUser("console", "host", "operator")).RunAsync(new StringReader("help\n"), output, TestContext.Current.CancellationToken);

        Assert.Contains("can't ssh to web-01", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMultiLinePasteIsReadAsOneMessageExplainedAndProbedOnRequest()
    {
        await using var world = await ChatWorld.CreateAsync();
        var session = new ConsoleSession(world.Conversation, new ChatUser("console", "host", "operator"));
        const string paste = """
            $ ssh -v deploy@web-01
            OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 3 Sep 2024
            debug1: Connecting to web-01 [10.1.2.3] port 22.
            ssh: connect to host web-01 port 22: Connection timed out

            probe
            quit
            """;
        using var output = new StringWriter();

        await session.RunAsync(new StringReader(paste), output, TestContext.Current.CancellationToken);

        var text = output.ToString();
        Assert.Contains("From your paste: ", text, StringComparison.Ordinal);
        Assert.Contains("'probe' (Probe deploy@web-01)", text, StringComparison.Ordinal);
        Assert.Contains("Looking at deploy@web-01…", text, StringComparison.Ordinal);
        Assert.DoesNotContain("3.0.0.15", text, StringComparison.Ordinal);
        Assert.Equal(1, world.Runner.Runs);
    }

    [Fact]
    public async Task AFencedPasteWithABlankLineIsReadAsOneMessage()
    {
        await using var world = await ChatWorld.CreateAsync();

        var text = await TypedAsync(world, "```$ ssh -p 2222 deploy@web-01\n\nssh: connect to host web-01 port 2222: Connection refused\n```\nquit\n");

        Assert.Contains("From your paste: ", text, StringComparison.Ordinal);
        Assert.Contains("(sshd-not-listening)", text, StringComparison.Ordinal);
        Assert.Equal(0, world.Runner.Runs);
    }

    [Fact]
    public async Task AStampedPasteIsReadAsOneMessageAsTheSamePasteWithoutStamps()
    {
        await using var world = await ChatWorld.CreateAsync();
        const string stamped = "2024-05-01T10:00:01.2234567Z $ ssh -p 2222 deploy@web-01\n"
            + "2024-05-01T10:00:02.0012345Z \u001b[31mssh: connect to host web-01 port 2222: Connection refused\u001b[0m\n\nquit\n";

        var text = await TypedAsync(world, stamped);

        // The command names the host, so it is checked, with the paste; no stamp is taken for a host.
        Assert.Contains("Looking at deploy@web-01", text, StringComparison.Ordinal);
        Assert.DoesNotContain("is not a host I can check", text, StringComparison.Ordinal);
        Assert.Equal(1, world.Runner.Runs);
        var incident = Assert.Single(await world.Store.ListIncidentsAsync(new IncidentQuery("web-01"), TestContext.Current.CancellationToken));
        var detail = await world.Store.GetIncidentAsync(incident.Id, TestContext.Current.CancellationToken);
        Assert.Contains("connection-refused", detail!.Diagnoses[0].ObservationsJson, StringComparison.Ordinal);
    }

    /// <summary>What the console session printed for <paramref name="typed"/>.</summary>
    private static async Task<string> TypedAsync(ChatWorld world, string typed)
    {
        using var output = new StringWriter();
        await new ConsoleSession(world.Conversation, new ChatUser("console", "host", "operator")).RunAsync(new StringReader(typed), output, TestContext.Current.CancellationToken);
        return output.ToString();
    }
}
