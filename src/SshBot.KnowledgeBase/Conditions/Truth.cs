namespace SshBot.KnowledgeBase.Conditions;

/// <summary>Three-valued logic: a condition on an observation nobody made is unknown, never false.</summary>
public enum Truth
{
    False,
    Unknown,
    True,
}
