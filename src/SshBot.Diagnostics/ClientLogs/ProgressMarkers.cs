namespace SshBot.Diagnostics.ClientLogs;

/// <summary>Lines that show how far a client got, whatever happened next.</summary>
internal static class ProgressMarkers
{
    public static readonly (string Marker, ClientStage Stage)[] All =
    [
        ("Connecting to ", ClientStage.Connect),
        ("Looking up host", ClientStage.Connect),
        ("connect to address", ClientStage.Connect),
        ("Connection established", ClientStage.Banner),
        ("Connected to ", ClientStage.Banner),
        ("Local version string", ClientStage.Banner),
        ("Remote protocol version", ClientStage.Kex),
        ("Remote version: ", ClientStage.Kex),
        ("Server version: ", ClientStage.Kex),
        ("SSH2_MSG_KEXINIT sent", ClientStage.Kex),
        ("KEXINIT proposal", ClientStage.Kex),
        ("kex: algorithm: ", ClientStage.Kex),
        ("SSH2_MSG_SERVICE_ACCEPT", ClientStage.Auth),
        ("Authentications that can continue", ClientStage.Auth),
        ("Next authentication method", ClientStage.Auth),
        ("Using username", ClientStage.Auth),
        ("login as:", ClientStage.Auth),
        // Prompts the client shows only once the server asks it to authenticate.
        ("'s password:", ClientStage.Auth),
        ("Enter passphrase for key", ClientStage.Auth),
        ("Confirm user presence for key", ClientStage.Auth),
        ("Authenticated to ", ClientStage.Session),
        ("Authentication succeeded", ClientStage.Session),
        ("Entering interactive session", ClientStage.Session),
        ("Access granted", ClientStage.Session),
        ("Opening main session channel", ClientStage.Session),
        ("Opened main channel", ClientStage.Session),
        ("Started a shell", ClientStage.Session),
        ("Last login:", ClientStage.Session),
    ];
}
