namespace SshBot.Incidents;

/// <summary>The store refused to start or to write: the message says why and what to do.</summary>
public sealed class IncidentStoreException : Exception
{
    public IncidentStoreException()
    {
    }

    public IncidentStoreException(string message)
        : base(message)
    {
    }

    public IncidentStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
