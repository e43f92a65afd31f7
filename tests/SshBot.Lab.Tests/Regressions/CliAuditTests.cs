using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Regressions;

/// <summary>
/// Issue 16 items 5 and 7: <c>sshbot diagnose</c> audited nothing, and probed
/// <c>64:ff9b::a9fe:a9fe</c> (the metadata address through NAT64). Its decisions go to the same
/// audit log as the server's, with the local operator as who; without an audit log it probes
/// nothing. `sshbot chat` writes where Audit:Path says, as every other command does. Loopback
/// only: no lab needed.
/// </summary>
public sealed class CliAuditTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("sshbot-cli-audit-").FullName;

    private string AuditFile => Path.Combine(_data, "audit.jsonl");

    [Fact]
    public async Task TheCliRefusesTheMetadataAddressBehindNat64AndAuditsTheRefusal()
    {
        var run = await Sshbot.RunAsync("diagnose", "64:ff9b::a9fe:a9fe", "--no-record", "--data-dir", _data);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("169.254.169.254", run.Stderr, StringComparison.Ordinal);
        var line = Assert.Single(Lines());
        Assert.False(line.GetProperty("allowed").GetBoolean());
        Assert.Equal("[64:ff9b::a9fe:a9fe]", line.GetProperty("rawTarget").GetString());
        Assert.Equal(["64:ff9b::a9fe:a9fe"], line.GetProperty("resolvedAddresses").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("cli:" + Environment.UserName, line.GetProperty("who").GetString());
    }

    [Fact]
    public async Task AnAllowedCliProbeIsAuditedWithItsAddressBeforeItConnects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var run = await Sshbot.RunAsync("diagnose", $"127.0.0.1:{port}", "--no-record", "--data-dir", _data, "--timeout", "1", "--path-connects", "0", "--json");

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(Lines());
        Assert.Equal(("cli:" + Environment.UserName, $"127.0.0.1:{port}", true, "local operator"),
            (line.GetProperty("who").GetString(), line.GetProperty("rawTarget").GetString(), line.GetProperty("allowed").GetBoolean(), line.GetProperty("reason").GetString()));
        Assert.Equal(["127.0.0.1"], line.GetProperty("resolvedAddresses").EnumerateArray().Select(a => a.GetString()));
        Assert.InRange(line.GetProperty("at").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task WithoutAWritableAuditLogTheCliProbesNothingAndSaysWhyInOneLine()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var blocker = Path.Combine(_data, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "x", TestContext.Current.CancellationToken);

        var run = await Sshbot.RunAsync("diagnose", $"127.0.0.1:{port}", "--no-record", "--data-dir", Path.Combine(blocker, "data"), "--timeout", "1", "--path-connects", "0");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        var message = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("audit log", message, StringComparison.Ordinal);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task TheConsoleChatWritesItsAuditLogWhereAuditPathSays()
    {
        var elsewhere = Path.Combine(_data, "audit-elsewhere", "chat-audit.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(elsewhere)!);
        await using var chat = SshbotProcess.Start(
            new Dictionary<string, string> { ["Audit__Path"] = elsewhere },
            "chat", "--data-dir", _data, "--kb", Path.Combine(Repository.Root, "kb"));
        await chat.Input.WriteLineAsync("can't ssh to 169.254.169.254");
        chat.Input.Close();

        var (exit, _, _) = await chat.ExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exit);
        Assert.False(File.Exists(AuditFile));
        var line = JsonDocument.Parse(Assert.Single(File.ReadAllLines(elsewhere))).RootElement;
        Assert.False(line.GetProperty("allowed").GetBoolean());
        Assert.Equal("169.254.169.254", line.GetProperty("rawTarget").GetString());
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private List<JsonElement> Lines() => [.. File.ReadAllLines(AuditFile).Select(l => JsonDocument.Parse(l).RootElement)];
}
