namespace SshBot.KnowledgeBase.Linting;

/// <summary>One problem in the knowledge base: the file, the 1-based line, and what is wrong.</summary>
public sealed record LintProblem(string File, int Line, string Message)
{
    /// <summary>The compiler-style form the CLI prints: <c>file:line: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}: {Message}";
}
