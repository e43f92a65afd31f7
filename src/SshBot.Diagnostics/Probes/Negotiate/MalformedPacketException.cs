namespace SshBot.Diagnostics.Probes.Negotiate;

/// <summary>A packet that breaks RFC 4253 framing or message syntax. The message says exactly how.</summary>
public sealed class MalformedPacketException : Exception
{
    public MalformedPacketException()
    {
    }

    public MalformedPacketException(string message)
        : base(message)
    {
    }

    public MalformedPacketException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
