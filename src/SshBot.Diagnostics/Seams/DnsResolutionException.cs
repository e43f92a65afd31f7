namespace SshBot.Diagnostics.Seams;

/// <summary>How a lookup failed, as far as the resolver can tell.</summary>
public enum DnsFailure
{
    /// <summary>The name does not exist (NXDOMAIN).</summary>
    NxDomain,

    /// <summary>The server failed or could not be reached in time (SERVFAIL, EAI_AGAIN).</summary>
    ServFail,

    /// <summary>The name exists but has no A or AAAA record.</summary>
    NoAddress,

    /// <summary>Anything else.</summary>
    Error,
}

public sealed class DnsResolutionException : Exception
{
    public DnsResolutionException()
    {
    }

    public DnsResolutionException(string message)
        : base(message)
    {
    }

    public DnsResolutionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DnsResolutionException(DnsFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public DnsFailure Failure { get; } = DnsFailure.Error;
}
