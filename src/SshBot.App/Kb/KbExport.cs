using SshBot.KnowledgeBase.Overlay;

namespace SshBot.App.Kb;

/// <summary>
/// Writes the effective knowledge base back to files, so edits made from chat can be reviewed and
/// committed to git: each article as ID.md (the stored text, or the folder's file), and the files
/// of retired articles deleted. Each file is written whole (temporary file, then rename).
/// </summary>
internal static class KbExport
{
    public sealed record Result(string Directory, int Written, int Deleted);

    public static async Task<Result> WriteAsync(string folder, KnowledgeOverlay overlay, string target, CancellationToken ct)
    {
        var full = Path.GetFullPath(target);
        Directory.CreateDirectory(full);
        var written = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.md"))
        {
            var id = Path.GetFileNameWithoutExtension(file);
            if (string.Equals(id, "readme", StringComparison.OrdinalIgnoreCase) || overlay.Articles.ContainsKey(id))
            {
                continue;
            }

            await WriteWholeAsync(Path.Combine(full, id + ".md"), await File.ReadAllTextAsync(file, ct), ct);
            written++;
        }

        var deleted = 0;
        foreach (var stored in overlay.Articles.Values)
        {
            var path = Path.Combine(full, stored.Id + ".md");
            if (stored.Text is { } text)
            {
                await WriteWholeAsync(path, text, ct);
                written++;
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
                deleted++;
            }
        }

        return new Result(full, written, deleted);
    }

    private static async Task WriteWholeAsync(string path, string text, CancellationToken ct)
    {
        if (File.Exists(path) && string.Equals(await File.ReadAllTextAsync(path, ct), text, StringComparison.Ordinal))
        {
            return;
        }

        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, text, ct);
        File.Move(temp, path, overwrite: true);
    }
}
