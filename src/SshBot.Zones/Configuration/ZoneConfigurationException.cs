namespace SshBot.Zones.Configuration;

/// <summary>The <c>Zones</c> or <c>Nats</c> configuration is unusable; the message names the setting.</summary>
public sealed class ZoneConfigurationException(string message) : Exception(message);
