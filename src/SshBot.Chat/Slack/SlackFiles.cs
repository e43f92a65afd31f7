using System.Text.Json;
using SshBot.Chat.Conversation;

namespace SshBot.Chat.Slack;

/// <summary>
/// Text files sent with a Slack message. Slack turns a long paste into a snippet (a file), so the
/// message's text is then only the words around it: the log is in <c>files</c>. Only text files
/// are taken, at most <see cref="MostFiles"/>, and only from Slack's own
/// <c>https://files.slack.com/</c> or under <see cref="SlackOptions.FileUrlBase"/>: the download
/// carries the bot token.
/// </summary>
public static class SlackFiles
{
    /// <summary>The most files read from one message.</summary>
    public const int MostFiles = 3;

    /// <summary>The HTTP client downloads use: no redirects, so the token goes nowhere else.</summary>
    public const string HttpClientName = "SlackFiles";

    private const string SlackFilesHost = "files.slack.com";

    private static readonly HashSet<string> TextTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "text", "log", "shell", "bash", "sh", "powershell", "txt", "plain", "markdown", "json", "yaml", "diff",
    };

    /// <summary>The message's text files, as Slack describes them in the event.</summary>
    public static IReadOnlyList<ChatFile> Attached(JsonElement message)
    {
        if (!message.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var found = new List<ChatFile>();
        foreach (var file in files.EnumerateArray())
        {
            if (found.Count == MostFiles)
            {
                break;
            }

            if (file.ValueKind != JsonValueKind.Object || !IsText(file)
                || (Str(file, "url_private_download") ?? Str(file, "url_private")) is not { Length: > 0 } url)
            {
                continue;
            }

            var size = file.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) ? n : 0;
            found.Add(new ChatFile(Str(file, "name") ?? Str(file, "title") ?? "file", url, size));
        }

        return found;
    }

    /// <summary>Whether the bot may send its token to <paramref name="value"/> to download a file.</summary>
    public static bool TryAccept(string? value, SlackOptions options, out Uri url)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SlackResponseUrl.TryAccept(value, SlackFilesHost, options.FileUrlBase, out url);
    }

    private static bool IsText(JsonElement file) =>
        Str(file, "mode") == "snippet"
        || (Str(file, "mimetype") is { } mime && mime.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        || (Str(file, "filetype") is { } type && TextTypes.Contains(type));

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
