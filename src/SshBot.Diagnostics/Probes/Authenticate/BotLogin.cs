namespace SshBot.Diagnostics.Probes.Authenticate;

/// <summary>
/// What the bot's own <c>ssh -v</c> said about its login. <see cref="Status"/> takes the values of
/// <c>ssh.auth.status</c>; <see cref="HostKeyStatus"/> those of <c>ssh.auth.hostkey.status</c>.
/// </summary>
/// <param name="Status">accepted, denied, hostkey-unknown, hostkey-changed or error.</param>
/// <param name="Methods">The methods the server said can continue, in the order first offered.</param>
/// <param name="AcceptedMethod">The method that logged the bot in, when one did.</param>
/// <param name="HostKeyType">The presented host key's type (ssh-ed25519, ...), when ssh got that far.</param>
/// <param name="Fingerprint">The presented host key's SHA256 fingerprint (<c>SHA256:...</c>).</param>
/// <param name="HostKeyStatus">known, unknown or changed; null when ssh never saw a host key.</param>
/// <param name="FailureLine">The exact line that says why the login failed; null when it succeeded.</param>
/// <param name="ReachedAuthentication">
/// Whether ssh got as far as asking the server to authenticate (the ssh-userauth service was
/// accepted or a method was tried). An unknown or changed host key must leave this false.
/// </param>
public sealed record BotLogin(
    string Status,
    IReadOnlyList<string> Methods,
    string? AcceptedMethod,
    string? HostKeyType,
    string? Fingerprint,
    string? HostKeyStatus,
    string? FailureLine,
    bool ReachedAuthentication);
