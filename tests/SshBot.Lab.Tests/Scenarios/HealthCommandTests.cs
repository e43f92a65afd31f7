using System.Net;
using System.Net.Sockets;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// `sshbot health`, the container's HEALTHCHECK, as the real program (no lab needed). That it
/// answers 0 for a ready server is in <see cref="ServeLogsLabTests"/>, which runs one.
/// </summary>
public sealed class HealthCommandTests
{
    [Fact]
    public async Task WithNothingListeningOnThePortOfAspnetcoreUrlsItExits1NamingWhatItAsked()
    {
        var port = FreePort();

        var run = await SshbotProcess.RunAsync(new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://+:{port}" }, "health");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"sshbot health: http://127.0.0.1:{port}/health/ready did not answer", run.Stderr.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItAsksOnlyLoopbackAndSaysSoForAnyOtherAddress()
    {
        var run = await SshbotProcess.RunAsync(new Dictionary<string, string>(), "health", "--url", "http://192.0.2.1:8080/health/ready");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("sshbot health: --url must be an http URL on a loopback address (127.0.0.1, [::1] or localhost).", run.Stderr.Trim());
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
