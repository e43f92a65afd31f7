using YamlDotNet.RepresentationModel;

namespace SshBot.KnowledgeBase.Conditions;

/// <summary>
/// Compiles a <c>when</c> YAML list into one condition (the list is an implicit <c>all</c>).
/// Items are condition strings or single-key mappings <c>any:</c> / <c>all:</c> holding a list.
/// </summary>
internal sealed class WhenCompiler
{
    private readonly Func<YamlNode, int> _lineOf;
    private readonly List<(int Line, string Message)> _problems = [];

    /// <param name="lineOf">Maps a YAML node to its 1-based line in the article file.</param>
    public WhenCompiler(Func<YamlNode, int> lineOf) => _lineOf = lineOf;

    public IReadOnlyList<(int Line, string Message)> Problems => _problems;

    public Condition? Compile(YamlNode when)
    {
        if (when is not YamlSequenceNode list || list.Children.Count == 0)
        {
            _problems.Add((_lineOf(when), "'when' must be a non-empty list of conditions"));
            return null;
        }

        return Group(GroupKind.All, list);
    }

    private GroupCondition? Group(GroupKind kind, YamlSequenceNode list)
    {
        var children = new List<Condition>();
        var ok = true;
        foreach (var item in list.Children)
        {
            var child = Item(item);
            ok &= child is not null;
            if (child is not null)
            {
                children.Add(child);
            }
        }

        return ok ? new GroupCondition(kind, children, _lineOf(list)) : null;
    }

    private Condition? Item(YamlNode item)
    {
        var line = _lineOf(item);
        switch (item)
        {
            case YamlScalarNode { Value: { } text }:
                var comparison = ConditionParser.TryParse(text, line, out var error);
                if (comparison is null)
                {
                    _problems.Add((line, error!));
                    return null;
                }

                var problems = ConditionValidator.Check(comparison).ToList();
                _problems.AddRange(problems.Select(p => (line, p)));
                return problems.Count == 0 ? comparison : null;

            case YamlMappingNode { Children.Count: 1 } map:
                var (key, value) = map.Children.First();
                var name = (key as YamlScalarNode)?.Value;
                if (name is not ("any" or "all"))
                {
                    _problems.Add((line, $"unknown condition group '{name}': use any: or all:"));
                    return null;
                }

                if (value is not YamlSequenceNode { Children.Count: > 0 } nested)
                {
                    _problems.Add((line, $"'{name}:' must hold a non-empty list of conditions"));
                    return null;
                }

                return Group(name == "any" ? GroupKind.Any : GroupKind.All, nested);

            default:
                _problems.Add((line, "a condition is a string or a single any:/all: list"));
                return null;
        }
    }
}
