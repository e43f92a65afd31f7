namespace SshBot.KnowledgeBase.Conditions;

/// <summary>The operators of a condition string.</summary>
public enum ComparisonOperator
{
    Equal,
    NotEqual,
    LessThan,
    GreaterThan,
    Matches,
    In,
    Exists,
}
