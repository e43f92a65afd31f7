namespace SshBot.KnowledgeBase.Conditions;

/// <summary>
/// Phrases an observation nobody made as the next step that would make it, per key group.
/// </summary>
internal static class MissingHints
{
    public static string For(string key) => $"{key} not observed: {Hint(key)}";

    private static string Hint(string key)
    {
        if (key.StartsWith("ssh.banner.", StringComparison.Ordinal))
        {
            return "read the server's identification line (`nc HOST PORT` or `ssh -vvv`) to confirm";
        }

        if (key.StartsWith("ssh.kex.", StringComparison.Ordinal))
        {
            return "let the bot negotiate algorithms with the server (or compare `ssh -vvv` output) to confirm";
        }

        if (key.StartsWith("ssh.auth.", StringComparison.Ordinal))
        {
            return "let the bot log in with its own identity to confirm";
        }

        var dot = key.IndexOf('.', StringComparison.Ordinal);
        return (dot < 0 ? key : key[..dot]) switch
        {
            "target" => "give the target as [user@]host[:port] to confirm",
            "dns" => "resolve the name (`getent hosts HOST` or `dig HOST`) to confirm",
            "tcp" => "try a TCP connect to the port (`nc -vz HOST PORT`) to confirm",
            "host" => "log in to the host (or let the bot inspect it) to confirm",
            "path" => "measure the path (`mtr -rwc 100 HOST`, `tracepath HOST`, `ping -M do -s 1472 HOST`) to confirm",
            "client" => "paste the output of your own `ssh -vvv` to confirm",
            "report" => "tell the bot what you see (does it drop when idle, hang on large output, fail only sometimes?) to confirm",
            _ => "observe it to confirm",
        };
    }
}
