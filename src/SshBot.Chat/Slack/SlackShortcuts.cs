namespace SshBot.Chat.Slack;

/// <summary>Callback ids of the app's shortcuts, as declared in both app manifests.</summary>
public static class SlackShortcuts
{
    /// <summary>The message shortcut "Diagnose this".</summary>
    public const string DiagnoseThis = "sshbot_diagnose_this";
}
