namespace SshBot.Diagnostics.Targets;

/// <summary>Who asks: the local operator (CLI) or a chat user.</summary>
public enum RequestOrigin
{
    /// <summary>The operator at the command line: everything but the always-denied set.</summary>
    Cli,

    /// <summary>A chat user: only allowlisted targets and ports.</summary>
    Chat,
}
