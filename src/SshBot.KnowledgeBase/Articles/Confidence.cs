namespace SshBot.KnowledgeBase.Articles;

/// <summary>How sure an article is of its cause when its conditions are met.</summary>
public enum Confidence
{
    Low,
    Medium,
    High,
}
