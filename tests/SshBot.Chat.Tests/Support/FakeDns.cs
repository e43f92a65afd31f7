using System.Net;
using NSubstitute;
using SshBot.Diagnostics.Seams;

namespace SshBot.Chat.Tests.Support;

/// <summary>
/// The resolver the chat tests use: "web*" names are 10.1.2.3 (inside the tests' allowlist,
/// 10.0.0.0/8), everything else 192.0.2.7 (outside it). No query leaves the process.
/// </summary>
public static class FakeDns
{
    public static IDnsResolver Create()
    {
        var dns = Substitute.For<IDnsResolver>();
        dns.ResolveAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(call =>
            call.Arg<string>().StartsWith("web", StringComparison.Ordinal)
                ? Task.FromResult<IReadOnlyList<IPAddress>>([IPAddress.Parse("10.1.2.3")])
                : Task.FromResult<IReadOnlyList<IPAddress>>([IPAddress.Parse("192.0.2.7")]));
        return dns;
    }
}
