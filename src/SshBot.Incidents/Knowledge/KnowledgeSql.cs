namespace SshBot.Incidents.Knowledge;

/// <summary>The statements of the knowledge-base revisions, in the SQL both SQLite and PostgreSQL accept.</summary>
internal static class KnowledgeSql
{
    public const string LatestRevision = "SELECT MAX(id) FROM kb_revisions";

    public const string AllRevisions = """
        SELECT id, article_id, verb, text, author, created_at FROM kb_revisions ORDER BY id
        """;

    public const string RevisionsOfArticle = """
        SELECT id, article_id, verb, text, author, created_at FROM kb_revisions WHERE article_id = @article ORDER BY id
        """;

    public const string InsertRevision = """
        INSERT INTO kb_revisions (article_id, verb, text, author, created_at)
        VALUES (@article, @verb, @text, @author, @now)
        RETURNING id
        """;

    public const string SetDiagnosisVersion = "UPDATE diagnoses SET kb_version = @version WHERE id = @id";
}
