namespace SshBot.Diagnostics.OpenSsh;

/// <summary>The bot's SSH configuration is unusable (a missing key, a bad path, an invalid jump host).</summary>
public sealed class OpenSshConfigurationException : Exception
{
    public OpenSshConfigurationException()
    {
    }

    public OpenSshConfigurationException(string message)
        : base(message)
    {
    }

    public OpenSshConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
