using SshBot.KnowledgeBase.Conditions;
using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Conditions;

public sealed class GroupConditionTests
{
    private static Comparison Leaf(string text) => ConditionParser.TryParse(text, 1, out _)!;

    private static readonly Comparison TrueLeaf = Leaf("tcp.status == connected");
    private static readonly Comparison FalseLeaf = Leaf("tcp.status == refused");
    private static readonly Comparison UnknownLeaf = Leaf("host.sshd.listening == true");

    private static Truth Eval(GroupKind kind, params Condition[] children) =>
        new GroupCondition(kind, children).Evaluate(new Obs().Text("tcp.status", "connected").Build()).Truth;

    [Theory]
    [InlineData(new[] { "t", "t" }, Truth.True)]
    [InlineData(new[] { "t", "u" }, Truth.Unknown)]
    [InlineData(new[] { "u", "f" }, Truth.False)]
    [InlineData(new[] { "f", "t" }, Truth.False)]
    public void AllIsFalseIfAnyIsFalseElseUnknownIfAnyIsUnknown(string[] children, Truth expected)
    {
        Assert.Equal(expected, Eval(GroupKind.All, children.Select(Pick).ToArray()));
    }

    [Theory]
    [InlineData(new[] { "f", "t" }, Truth.True)]
    [InlineData(new[] { "u", "t" }, Truth.True)]
    [InlineData(new[] { "f", "u" }, Truth.Unknown)]
    [InlineData(new[] { "f", "f" }, Truth.False)]
    public void AnyIsTrueIfAnyIsTrueElseUnknownIfAnyIsUnknown(string[] children, Truth expected)
    {
        Assert.Equal(expected, Eval(GroupKind.Any, children.Select(Pick).ToArray()));
    }

    [Fact]
    public void GroupsNestToAnyDepth()
    {
        var nested = new GroupCondition(GroupKind.All,
        [
            TrueLeaf,
            new GroupCondition(GroupKind.Any,
            [
                FalseLeaf,
                new GroupCondition(GroupKind.All, [TrueLeaf, new GroupCondition(GroupKind.Any, [FalseLeaf, TrueLeaf])]),
            ]),
        ]);

        var evaluation = nested.Evaluate(new Obs().Text("tcp.status", "connected").Build());

        Assert.Equal(Truth.True, evaluation.Truth);
        Assert.Equal(3, evaluation.Evidence.Count);
        Assert.Equal(5, nested.LeafCount);
    }

    [Fact]
    public void UnknownLeavesAreReportedAsMissingWithTheNextStep()
    {
        var evaluation = new GroupCondition(GroupKind.All, [TrueLeaf, UnknownLeaf]).Evaluate(new Obs().Text("tcp.status", "connected").Build());

        Assert.Equal(Truth.Unknown, evaluation.Truth);
        Assert.Equal(["host.sshd.listening not observed: log in to the host (or let the bot inspect it) to confirm"], evaluation.Missing);
        Assert.Equal(0.5, evaluation.Fraction);
    }

    private static Condition Pick(string code) => code switch
    {
        "t" => TrueLeaf,
        "f" => FalseLeaf,
        _ => UnknownLeaf,
    };
}
