using System.Net;
using System.Net.Sockets;

namespace SshBot.Diagnostics.Seams;

/// <summary>The operating system's resolver (getaddrinfo: /etc/hosts, then DNS), as the user's own ssh sees it.</summary>
public sealed class SystemDnsResolver : IDnsResolver
{
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException e)
        {
            var failure = e.SocketErrorCode switch
            {
                SocketError.HostNotFound => DnsFailure.NxDomain,
                SocketError.TryAgain => DnsFailure.ServFail,
                SocketError.NoData => DnsFailure.NoAddress,
                _ => DnsFailure.Error,
            };
            throw new DnsResolutionException(failure, e.Message, e);
        }
    }
}
