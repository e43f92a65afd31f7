using System.Globalization;
using System.Text.Json;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// Learned connect timeouts in a batch, against real hosts: a host whose first SYN is lost is
/// still healthy (the kernel's retransmission is waited for), while a host that drops every SYN
/// is a silent drop well before the configured timeout: after its first retransmission has had
/// its chance, or its second once the batch has seen a SYN lost (this batch has: synloss).
/// </summary>
[Collection(LabHosts.Name)]
public sealed class BatchTimeoutScenarioTests(LabFixture lab)
{
    private async Task<Dictionary<string, JsonElement>> DiagnoseBatch(params string[] options)
    {
        string[] hosts = ["healthy", "stopped", "botdenied", "oldkex", "rsaonly", "synloss", "drop"];
        var run = await Sshbot.RunAsync(["diagnose", .. hosts.Select(h => lab[h]), "--json", "--timeout", "8", .. options]);

        Assert.Equal(0, run.ExitCode);
        var reports = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.TryGetProperty("target", out _))
            .ToDictionary(r => r.GetProperty("target").GetProperty("host").GetString()!);
        Assert.Equal(hosts.Length, reports.Count);
        return hosts.ToDictionary(h => h, h => reports[lab[h]]);
    }

    private static string Verdict(JsonElement report) =>
        report.GetProperty("verdict") is { ValueKind: JsonValueKind.Object } v ? v.GetProperty("id").GetString()! : "none";

    private static double Number(JsonElement report, string key) =>
        double.Parse(report.GetProperty("observations").GetProperty(key).ToString(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task AHostWhoseFirstSynIsLostIsHealthyEvenUnderAShortLearnedTimeout()
    {
        // A floor far below the kernel's one-second SYN retransmission: the learned timeout
        // must still cover that retransmission, or the host would be called a silent drop.
        var reports = await DiagnoseBatch("--min-timeout", "0.2");

        var synloss = reports["synloss"];
        Assert.Equal("healthy", Verdict(synloss));
        Assert.InRange(Number(synloss, "tcp.ms"), 950, 7999);
        Assert.Equal("healthy", Verdict(reports["healthy"]));
        Assert.Equal("sshd-not-listening", Verdict(reports["stopped"]));
    }

    [Fact]
    public async Task AHostDroppingEverySynIsASilentDropUnderTheLearnedTimeout()
    {
        var reports = await DiagnoseBatch("--min-timeout", "0.2");

        var drop = reports["drop"];
        Assert.Equal("firewall-silent-drop", Verdict(drop));
        Assert.True(drop.GetProperty("observations").GetProperty("tcp.timeout_learned").GetBoolean());
        // One second for the SYN retransmission (three once a SYN was seen lost), then at least
        // the kernel's 200 ms least wait for its answer, and less than --timeout 8.
        Assert.InRange(Number(drop, "tcp.timeout_ms"), 1200, 7999);
        Assert.InRange(Number(drop, "tcp.ms"), 1200, 7999);
    }

    [Fact]
    public async Task OnceASynIsSeenLostInTheBatchSilentHostsAreGivenTheirSecondRetransmission()
    {
        // synloss answers only the retransmitted SYN, a second in, while drop is still waiting.
        // Its round trip is the kernel's sub-millisecond reading (Karn's rule), not a second,
        // but the lost SYN is evidence: drop is then given until its second retransmission (3 s)
        // has had the kernel's least wait for an answer.
        var reports = await DiagnoseBatch("--min-timeout", "0.2");

        Assert.Equal("healthy", Verdict(reports["synloss"]));
        var drop = reports["drop"];
        Assert.Equal("firewall-silent-drop", Verdict(drop));
        Assert.InRange(Number(drop, "tcp.timeout_ms"), 3200, 3300);
        Assert.InRange(Number(drop, "tcp.ms"), 3200, 3900);
    }
}
