namespace SshBot.Diagnostics.SshSessions;

/// <summary>The bot's SSH configuration is unusable (a missing key, a bad path, an invalid jump host).</summary>
public sealed class SshConfigurationException : Exception
{
    public SshConfigurationException()
    {
    }

    public SshConfigurationException(string message)
        : base(message)
    {
    }

    public SshConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
