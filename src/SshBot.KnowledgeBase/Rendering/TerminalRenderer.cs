namespace SshBot.KnowledgeBase.Rendering;

/// <summary>Plain text for a terminal: no markup but `code`, code blocks indented, links as "text (url)".</summary>
public sealed class TerminalRenderer : ArticleRenderer
{
    protected override string Escape(string text) =>
        // No escape sequences from an article may reach the terminal.
        new(text.Where(c => c is '\n' or '\t' || !char.IsControl(c)).ToArray());

    protected override string Title(string text) => text + "\n" + new string('=', text.Length);

    protected override string Heading(string text) => text + "\n" + new string('-', text.Length);

    protected override string Bold(string inner) => inner;

    protected override string Italic(string inner) => inner;

    // Backticks stay: in running text they are the only sign of where a command starts and ends.
    protected override string Code(string code) => "`" + Escape(code) + "`";

    protected override string CodeBlock(string code, string? language) =>
        string.Join("\n", Escape(code).Split('\n').Select(line => "    " + line));

    protected override string Link(string url, string text) => text == url ? url : $"{text} ({Escape(url)})";
}
