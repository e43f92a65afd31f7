using System.Net;

namespace SshBot.Diagnostics.Seams;

/// <summary>Resolves a name to its A and AAAA addresses. Throws <see cref="DnsResolutionException"/> on failure.</summary>
public interface IDnsResolver
{
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken);
}
