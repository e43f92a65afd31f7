namespace SshBot.Diagnostics.OpenSsh;

/// <summary>
/// What the bot runs once logged in. A fixed set: no text from a request ever becomes part
/// of a remote command line.
/// </summary>
public enum RemoteCommand
{
    /// <summary>Log in and run <c>true</c>: proves authentication and nothing more.</summary>
    None,

    /// <summary><c>/bin/sh -s</c>: a shell that reads a script (shipped with the product) from stdin.</summary>
    Shell,
}
