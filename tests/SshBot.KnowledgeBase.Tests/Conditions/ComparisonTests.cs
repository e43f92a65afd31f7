using SshBot.Diagnostics.Observations;
using SshBot.KnowledgeBase.Conditions;
using SshBot.KnowledgeBase.Tests.Support;

namespace SshBot.KnowledgeBase.Tests.Conditions;

public sealed class ComparisonTests
{
    private static Truth Eval(string condition, Obs observations)
    {
        var compiled = ConditionParser.TryParse(condition, 1, out var error) ?? throw new InvalidOperationException(error);
        return compiled.Evaluate(observations.Build()).Truth;
    }

    [Theory]
    [InlineData("tcp.status == refused", Truth.True)]
    [InlineData("tcp.status == 'refused'", Truth.True)]
    [InlineData("tcp.status == \"refused\"", Truth.True)]
    [InlineData("tcp.status == timeout", Truth.False)]
    [InlineData("tcp.status != timeout", Truth.True)]
    [InlineData("tcp.status != refused", Truth.False)]
    [InlineData("tcp.status in [timeout, refused]", Truth.True)]
    [InlineData("tcp.status in [timeout, unreachable]", Truth.False)]
    [InlineData("tcp.status ~ /^REF/i", Truth.True)]
    [InlineData("tcp.status ~ /^REF/", Truth.False)]
    [InlineData("tcp.status exists", Truth.True)]
    public void TextObservationsCompareAsStrings(string condition, Truth expected)
    {
        Assert.Equal(expected, Eval(condition, new Obs().Text("tcp.status", "refused")));
    }

    [Theory]
    [InlineData("ssh.banner.version == 9.2", Truth.True)]
    [InlineData("ssh.banner.version == 9.20", Truth.True)]
    [InlineData("ssh.banner.version != 9.2", Truth.False)]
    [InlineData("ssh.banner.version < 10", Truth.True)]
    [InlineData("ssh.banner.version < 7.4", Truth.False)]
    [InlineData("ssh.banner.version > 9.1", Truth.True)]
    [InlineData("ssh.banner.version > 9.2", Truth.False)]
    [InlineData("ssh.banner.version in [8.9, 9.2]", Truth.True)]
    [InlineData("ssh.banner.version ~ /^9\\./", Truth.True)]
    [InlineData("ssh.banner.version exists", Truth.True)]
    public void NumberObservationsCompareNumerically(string condition, Truth expected)
    {
        Assert.Equal(expected, Eval(condition, new Obs().Number("ssh.banner.version", 9.2)));
    }

    [Theory]
    [InlineData("host.sshd.listening == true", Truth.True)]
    [InlineData("host.sshd.listening == false", Truth.False)]
    [InlineData("host.sshd.listening != false", Truth.True)]
    [InlineData("host.sshd.listening in [true]", Truth.True)]
    [InlineData("host.sshd.listening exists", Truth.True)]
    public void FlagObservationsCompareWithTrueOrFalse(string condition, Truth expected)
    {
        Assert.Equal(expected, Eval(condition, new Obs().Flag("host.sshd.listening", true)));
    }

    [Theory]
    [InlineData("ssh.kex.mismatch.kex == openssh-current", Truth.True)]
    [InlineData("ssh.kex.mismatch.kex == openssh-7.4", Truth.False)]
    [InlineData("ssh.kex.mismatch.kex != openssh-7.4", Truth.True)]
    [InlineData("ssh.kex.mismatch.kex != putty-0.7x", Truth.False)]
    [InlineData("ssh.kex.mismatch.kex in [openssh-7.4, putty-0.7x]", Truth.True)]
    [InlineData("ssh.kex.mismatch.kex ~ /^windows/", Truth.False)]
    [InlineData("ssh.kex.mismatch.kex ~ /^putty/", Truth.True)]
    [InlineData("ssh.kex.mismatch.kex exists", Truth.True)]
    public void ListObservationsMatchWhenAnyElementDoesAndDifferWhenNoneEquals(string condition, Truth expected)
    {
        Assert.Equal(expected, Eval(condition, new Obs().List("ssh.kex.mismatch.kex", "openssh-current", "putty-0.7x")));
    }

    [Theory]
    [InlineData("ssh.kex.mismatch.kex exists", Truth.True)]
    [InlineData("ssh.kex.mismatch.kex != openssh-current", Truth.True)]
    [InlineData("ssh.kex.mismatch.kex == openssh-current", Truth.False)]
    [InlineData("ssh.kex.mismatch.kex ~ /./", Truth.False)]
    public void AnEmptyListExistsButHasNoElementToMatch(string condition, Truth expected)
    {
        Assert.Equal(expected, Eval(condition, new Obs().List("ssh.kex.mismatch.kex")));
    }

    [Theory]
    [InlineData("tcp.status == refused")]
    [InlineData("tcp.status != refused")]
    [InlineData("tcp.ms < 10")]
    [InlineData("tcp.status exists")]
    [InlineData("host.sshd.log ~ /x/")]
    public void AnAbsentKeyIsUnknownNotFalse(string condition)
    {
        Assert.Equal(Truth.Unknown, Eval(condition, new Obs().Text("dns.status", "resolved")));
    }

    [Fact]
    public void EvidenceNamesTheObservedValue()
    {
        var condition = ConditionParser.TryParse("ssh.banner.status == closed-before-banner", 1, out _)!;

        var evaluation = condition.Evaluate(new Obs().Text("ssh.banner.status", "closed-before-banner").Build());

        Assert.Equal(["ssh.banner.status == closed-before-banner (observed: closed-before-banner)"], evaluation.Evidence);
    }

    [Fact]
    public void EvidenceForAListNamesTheElementThatMatched()
    {
        var condition = ConditionParser.TryParse("host.sshd.log ~ /past MaxStartups/", 1, out _)!;

        var evaluation = condition.Evaluate(new Obs().List("host.sshd.log", "Accepted publickey for deploy", "drop connection #3 past MaxStartups").Build());

        Assert.Equal(["host.sshd.log ~ /past MaxStartups/ (observed: drop connection #3 past MaxStartups)"], evaluation.Evidence);
    }

    [Fact]
    public void HostileRegexTimesOutInsteadOfHanging()
    {
        var condition = ConditionParser.TryParse("ssh.banner.reply ~ /(a+)+$/", 1, out _)!;
        var observations = new Obs().Text("ssh.banner.reply", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!").Build();

        var evaluation = condition.Evaluate(observations);

        Assert.Equal(Truth.Unknown, evaluation.Truth);
        Assert.Contains("timed out", Assert.Single(evaluation.Missing), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tcp.status")]
    [InlineData("tcp.status ==")]
    [InlineData("tcp.status === refused")]
    [InlineData("tcp.ms < many")]
    [InlineData("tcp.status in [a, , b]")]
    [InlineData("tcp.status ~ refused")]
    [InlineData("tcp.status ~ /refused/q")]
    [InlineData("tcp.status ~ /(unclosed/")]
    [InlineData("tcp.status == 'unterminated")]
    public void MalformedConditionsAreRejectedWithAReason(string condition)
    {
        Assert.Null(ConditionParser.TryParse(condition, 1, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void QuotedListElementsMayHoldCommas()
    {
        var condition = ConditionParser.TryParse("client.failure_line in ['a, b', \"c\"]", 1, out _)!;

        Assert.Equal(["a, b", "c"], condition.Values);
    }

    [Fact]
    public void ObservationValueKindsTheEngineWritesAreAllCovered()
    {
        Assert.Equal(4, Enum.GetValues<ObservationKind>().Length);
    }
}
