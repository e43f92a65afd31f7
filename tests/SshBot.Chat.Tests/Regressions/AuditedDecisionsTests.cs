using System.Net;
using System.Text.Json;
using NSubstitute;
using SshBot.Chat.Protection;
using SshBot.Chat.Running;
using SshBot.Chat.Tests.Support;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;

namespace SshBot.Chat.Tests.Regressions;

/// <summary>
/// Issue 16 item 5 (SECURITY.md 15): a refusal after DNS, the rebinding one above all, was
/// audited with no addresses, and no test looked at an allowed request's line. Every decision
/// carries who, the raw target, every address it was made on, the decision, the reason and the time.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AuditedDecisionsTests
{
    [Fact]
    public async Task AnAllowedRequestIsAuditedWithWhoTheRawTargetItsAddressesTheDecisionTheReasonAndTheTime()
    {
        await using var world = await ChatWorld.CreateAsync();
        var before = DateTimeOffset.UtcNow;

        await world.SayAsync("can't ssh to web-01:22");

        var line = Assert.Single(Lines(world.AuditFile));
        Assert.Equal("slack:T1:U_ALICE", line.GetProperty("who").GetString());
        Assert.Equal("web-01:22", line.GetProperty("rawTarget").GetString());
        Assert.Equal(["10.1.2.3"], line.GetProperty("resolvedAddresses").EnumerateArray().Select(a => a.GetString()));
        Assert.True(line.GetProperty("allowed").GetBoolean());
        Assert.Equal("allowlisted", line.GetProperty("reason").GetString());
        Assert.InRange(line.GetProperty("at").GetDateTimeOffset(), before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(1, world.Runner.Runs);
    }

    [Fact]
    public async Task ARefusalAfterResolutionIsAuditedWithEveryAddressItWasMadeOn()
    {
        await using var world = await ChatWorld.CreateAsync();

        await world.SayAsync("can't ssh to mail-01");

        var line = Assert.Single(Lines(world.AuditFile));
        Assert.False(line.GetProperty("allowed").GetBoolean());
        Assert.Equal(["192.0.2.7"], line.GetProperty("resolvedAddresses").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task ADnsRebindingRefusalIsAuditedWithTheAddressTheProbesResolverAnswered()
    {
        // The gate's resolver answers 10.1.2.3 (allowed); the engine's own lookup answers the metadata address.
        var rebinding = Substitute.For<IDnsResolver>();
        rebinding.ResolveAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<IReadOnlyList<IPAddress>>([IPAddress.Parse("10.1.2.3"), IPAddress.Parse("169.254.169.254")]));
        var connector = Substitute.For<ISocketConnector>();
        var policy = new TargetPolicy(new TargetPolicyOptions { Allow = ["10.0.0.0/8"] });
        var engine = new DiagnosisEngine(StandardPlan.NetworkStages(rebinding, connector, policy), policy, new DiagnosisOptions());
        await using var world = await ChatWorld.CreateAsync(otherRunner: new EngineDiagnosisRunner(engine));

        await world.SayAsync("can't ssh to web-01");

        var lines = Lines(world.AuditFile);
        Assert.Equal(2, lines.Count);
        Assert.True(lines[0].GetProperty("allowed").GetBoolean());
        Assert.False(lines[1].GetProperty("allowed").GetBoolean());
        Assert.Contains("169.254.169.254", lines[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["10.1.2.3", "169.254.169.254"], lines[1].GetProperty("resolvedAddresses").EnumerateArray().Select(a => a.GetString()));
        await connector.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default);
    }

    [Fact]
    public async Task TheAuditLogAndItsRotationsAreTheOwnersAlone()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("sshbot-audit-modes-").FullName, "new");
        try
        {
            using var audit = new JsonLinesAuditLog(Path.Combine(dir, "audit.jsonl"), maxBytes: 300, keep: 2);
            for (var n = 0; n < 6; n++)
            {
                await audit.WriteAsync(new AuditRecord(DateTimeOffset.UnixEpoch, "slack:T1:U1", $"web-{n}", ["10.1.2.3"], true, "allowlisted"), TestContext.Current.CancellationToken);
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
            var files = Directory.GetFiles(dir);
            Assert.Equal(3, files.Length);
            Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, recursive: true);
        }
    }

    private static List<JsonElement> Lines(string file) =>
        [.. File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement)];
}
