namespace SshBot.Diagnostics.Targets;

/// <summary>A target that is not valid input. The message is one line, fit to show a user.</summary>
public sealed class TargetFormatException : FormatException
{
    public TargetFormatException()
    {
    }

    public TargetFormatException(string message)
        : base(message)
    {
    }

    public TargetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
