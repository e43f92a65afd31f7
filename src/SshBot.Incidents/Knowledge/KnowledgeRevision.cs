namespace SshBot.Incidents.Knowledge;

/// <summary>An edit to store: the article, the verb, its new text (null for retire, and for a revert to the folder's text), and who made it.</summary>
public sealed record KnowledgeEdit(string ArticleId, string Verb, string? Text, string Author);

/// <summary>One stored revision of an article, as accepted.</summary>
public sealed record KnowledgeRevision(long Revision, string ArticleId, string Verb, string? Text, string Author, DateTimeOffset At);

/// <summary>
/// What a revision did. <c>add</c> and <c>replace</c> carry the article's text; <c>retire</c> hides
/// the article; <c>revert</c> carries an earlier text, or none to go back to the kb/ folder's file.
/// </summary>
public static class KnowledgeVerbs
{
    public const string Add = "add";
    public const string Replace = "replace";
    public const string Retire = "retire";
    public const string Revert = "revert";

    public static bool IsKnown(string verb) => verb is Add or Replace or Retire or Revert;
}
