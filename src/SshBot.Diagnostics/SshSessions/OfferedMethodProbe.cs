using Renci.SshNet;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// Learns that the server offers a method the bot does not use (password, keyboard-interactive,
/// ...). SSH.NET calls a configured method only when the server lists it, and does not expose
/// the list itself; this one records its name when called and fails at once, sending nothing,
/// so a server that offers only passwords is reported with the methods it offered.
/// </summary>
internal sealed class OfferedMethodProbe(string username, string name, Action<string> offered) : AuthenticationMethod(username)
{
    /// <summary>The methods the bot never uses but wants to hear of.</summary>
    public static IReadOnlyList<string> Names { get; } = ["password", "keyboard-interactive", "hostbased", "gssapi-with-mic"];

    public override string Name => name;

    public override AuthenticationResult Authenticate(Session session)
    {
        offered(name);
        return AuthenticationResult.Failure;
    }
}
