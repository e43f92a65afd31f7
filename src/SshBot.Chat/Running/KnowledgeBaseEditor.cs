using System.Globalization;
using System.Text.RegularExpressions;
using SshBot.KnowledgeBase;

namespace SshBot.Chat.Running;

/// <summary>Admin edits of the knowledge base from chat (kb add|replace|retire).</summary>
public interface IKnowledgeBaseEditor
{
    /// <summary>Applies the edit if the whole knowledge base still lints clean; returns what to tell the admin.</summary>
    Task<string> ApplyAsync(string verb, string argument, string who, CancellationToken ct);
}

/// <summary>
/// Edits the kb/ folder: every edit is linted on a scratch copy of the whole folder first, the
/// previous text is kept under <c>.revisions/</c>, and the live snapshot is reloaded after.
/// </summary>
public sealed partial class FileKnowledgeBaseEditor(string directory, Func<bool> reload, TimeProvider time) : IKnowledgeBaseEditor, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<string> ApplyAsync(string verb, string argument, string who, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(argument);
        await _gate.WaitAsync(ct);
        try
        {
            return verb switch
            {
                "retire" => Retire(argument.Trim(), who),
                "add" or "replace" => Write(verb, Unwrap(argument), who),
                _ => $"Unknown kb edit '{verb}'.",
            };
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private string Retire(string id, string who)
    {
        if (!SafeId().IsMatch(id) || !File.Exists(PathOf(id)))
        {
            return $"No article '{id}' to retire.";
        }

        var problem = LintWith(id, null);
        if (problem is not null)
        {
            return $"Retiring {id} would leave the knowledge base broken: {problem}";
        }

        File.Move(PathOf(id), Revision(id, "retired", who));
        reload();
        return $"Retired {id}; its text is kept in .revisions/.";
    }

    private string Write(string verb, string markdown, string who)
    {
        var id = FrontMatterId().Match(markdown) is { Success: true } m ? m.Groups[1].Value.Trim() : null;
        if (id is null)
        {
            return "The article needs YAML front matter with an id of lowercase letters, digits and dashes (see kb show healthy for the shape).";
        }

        // Only an id the loader would load: never "Added" for an article that is never served.
        if (SshBot.KnowledgeBase.Loading.ArticleIds.WhyNotLoadable(id) is { } why)
        {
            return $"Not saved: {why}";
        }

        var exists = File.Exists(PathOf(id));
        if (verb == "add" && exists)
        {
            return $"{id} exists already: use kb replace.";
        }

        if (verb == "replace" && !exists)
        {
            return $"There is no {id} to replace: use kb add.";
        }

        var problem = LintWith(id, markdown);
        if (problem is not null)
        {
            return $"Not saved: {problem}";
        }

        if (exists)
        {
            File.Copy(PathOf(id), Revision(id, "replaced", who));
        }

        var temp = PathOf(id) + ".tmp";
        File.WriteAllText(temp, markdown.TrimEnd() + "\n");
        File.Move(temp, PathOf(id), overwrite: true);
        reload();
        return verb == "add" ? $"Added {id}." : $"Replaced {id}; the previous text is kept in .revisions/.";
    }

    /// <summary>Lints the folder as it would be with the article replaced (or removed when null); the first problem, or null.</summary>
    private string? LintWith(string id, string? markdown)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "sshbot-kb-edit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.md"))
            {
                if (!string.Equals(Path.GetFileNameWithoutExtension(file), id, StringComparison.Ordinal))
                {
                    File.Copy(file, Path.Combine(scratch, Path.GetFileName(file)));
                }
            }

            if (markdown is not null)
            {
                File.WriteAllText(Path.Combine(scratch, id + ".md"), markdown);
            }

            var result = KnowledgeBaseLoader.Load(scratch);
            return result.Succeeded ? null : string.Join("; ", result.Problems.Take(3).Select(p => $"{Path.GetFileName(p.File)}:{p.Line}: {p.Message}"));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private string PathOf(string id) => Path.Combine(directory, id + ".md");

    private string Revision(string id, string what, string who)
    {
        var dir = Path.Combine(directory, ".revisions");
        Directory.CreateDirectory(dir);
        var stamp = time.GetUtcNow().ToString("yyyyMMddTHHmmssfffZ", CultureInfo.InvariantCulture);
        var by = new string(who.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return Path.Combine(dir, $"{id}.{stamp}.{what}-by-{by}.md");
    }

    // Chat clients wrap pasted text in code fences and Slack escapes &, < and >.
    private static string Unwrap(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("```", StringComparison.Ordinal) && t.EndsWith("```", StringComparison.Ordinal) && t.Length >= 6)
        {
            t = t[3..^3].Trim('\n', '\r');
        }

        return t.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex SafeId();

    [GeneratedRegex(@"(?m)^id:\s*(\S+)\s*$")]
    private static partial Regex FrontMatterId();
}
