namespace SshBot.Zones.Configuration;

/// <summary>
/// The <c>Zones</c> or <c>Nats</c> configuration is unusable; the message names the setting. An
/// <see cref="InvalidOperationException"/>, so <c>serve</c> reports it as one line at start-up like
/// its other configuration errors.
/// </summary>
public sealed class ZoneConfigurationException(string message) : InvalidOperationException(message);
