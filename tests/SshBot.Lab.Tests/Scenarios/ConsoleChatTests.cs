using SshBot.App.Chat;
using SshBot.Incidents;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>`sshbot chat` in a terminal, diagnosing real lab hosts through the real engine.</summary>
[Collection(LabHosts.Name)]
public sealed class ConsoleChatTests(LabFixture lab)
{
    [Fact]
    public async Task AConsoleSessionNamesAStoppedSshdAndRecordsTheIncident()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "sshbot-console-chat-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new IncidentStoreOptions { DataDirectory = dataDir };
            using var input = new StringReader($"can't ssh to {lab["stopped"]}\nfixed\nquit\n");
            using var output = new StringWriter();

            var exit = await ChatCommand.RunAsync(input, output, Path.Combine(Repository.Root, "kb"), store, TestContext.Current.CancellationToken);

            var text = output.ToString();
            Assert.Equal(0, exit);
            Assert.Contains($"Looking at {lab["stopped"]}…", text, StringComparison.Ordinal);
            Assert.Contains("connect: refused", text, StringComparison.Ordinal);
            Assert.Contains("sshd-not-listening", text, StringComparison.Ordinal);
            Assert.Contains("as fixed", text, StringComparison.Ordinal);
            await using var incidents = await IncidentStoreFactory.CreateAsync(store, ct: TestContext.Current.CancellationToken);
            var incident = Assert.Single(await incidents.ListIncidentsAsync(new IncidentQuery(lab["stopped"]), TestContext.Current.CancellationToken));
            Assert.Equal("sshd-not-listening", incident.VerdictId);
            Assert.Equal(IncidentStatuses.Resolved, incident.Status);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task TwoLabHostsInOneLineAreDiagnosedConcurrently()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "sshbot-console-chat-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var input = new StringReader($"can't ssh to {lab["stopped"]} or {lab["healthy"]}\n");
            using var output = new StringWriter();

            await ChatCommand.RunAsync(input, output, Path.Combine(Repository.Root, "kb"), new IncidentStoreOptions { DataDirectory = dataDir }, TestContext.Current.CancellationToken);

            var text = output.ToString();
            Assert.Contains("Most likely cause: sshd-not-listening", text, StringComparison.Ordinal);
            Assert.Contains("Most likely cause: healthy", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
