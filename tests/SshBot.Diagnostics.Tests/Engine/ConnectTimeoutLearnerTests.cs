using SshBot.Diagnostics.Engine;

namespace SshBot.Diagnostics.Tests.Engine;

public sealed class ConnectTimeoutLearnerTests
{
    private static readonly TimeSpan Configured = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(300);

    private static ConnectTimeoutLearner AfterTenOneMillisecondAnswers(TimeSpan configured, TimeSpan floor)
    {
        var learner = new ConnectTimeoutLearner(configured, floor);
        for (var i = 0; i < 10; i++)
        {
            learner.Record(TimeSpan.FromMilliseconds(1));
        }

        return learner;
    }

    [Fact]
    public void OnceAConnectNeededARetransmittedSynSilentHostsAreGivenTheirSecondRetransmission()
    {
        var learner = AfterTenOneMillisecondAnswers(Configured, Floor);
        // Round trip 1 ms by the kernel's reading, but a second and a bit in all: the first SYN was lost.
        learner.Record(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1004));

        Assert.Equal(ConnectTimeoutLearner.SecondSynRetransmission + ConnectTimeoutLearner.MinRetransmissionWait, learner.Current);
    }

    [Fact]
    public void AConnectAnsweredAtOnceIsNoSignOfLossHoweverItsRoundTripIsRead()
    {
        var learner = AfterTenOneMillisecondAnswers(Configured, Floor);
        learner.Record(TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(45));

        Assert.True(learner.Current < ConnectTimeoutLearner.SecondSynRetransmission);
    }

    [Fact]
    public void TheConfiguredTimeoutAppliesUntilEnoughHostsHaveAnswered()
    {
        var learner = new ConnectTimeoutLearner(Configured, Floor);
        learner.Record(TimeSpan.FromMilliseconds(2));
        learner.Record(TimeSpan.FromMilliseconds(2));

        Assert.False(learner.IsLearned);
        Assert.Equal(Configured, learner.Current);
    }

    [Fact]
    public void FastAnswersShrinkTheTimeoutToOneSynRetransmissionAndTheKernelsLeastWaitForItsAnswer()
    {
        var learner = AfterTenOneMillisecondAnswers(Configured, Floor);

        // A lost first SYN is resent after one second; its answer must still be waited for.
        Assert.True(learner.IsLearned);
        Assert.Equal(ConnectTimeoutLearner.SynRetransmission + ConnectTimeoutLearner.MinRetransmissionWait, learner.Current);
    }

    [Fact]
    public void TheLearnedTimeoutIsNeverBelowTheFloor()
    {
        var floor = TimeSpan.FromMilliseconds(1700);
        var learner = AfterTenOneMillisecondAnswers(Configured, floor);

        Assert.Equal(floor, learner.Current);
    }

    [Fact]
    public void AConfiguredTimeoutUnderASecondIsNeverExceeded()
    {
        var configured = TimeSpan.FromMilliseconds(700);
        var learner = AfterTenOneMillisecondAnswers(configured, Floor);

        Assert.Equal(configured, learner.Current);
    }

    [Fact]
    public void SlowAndJitteryAnswersGiveALongerTimeoutButNeverAboveTheConfiguredOne()
    {
        var learner = new ConnectTimeoutLearner(Configured, Floor);
        foreach (var ms in new[] { 200, 900, 150, 1200, 300, 2500 })
        {
            learner.Record(TimeSpan.FromMilliseconds(ms));
        }

        Assert.True(learner.Current > TimeSpan.FromSeconds(2));
        Assert.True(learner.Current <= Configured);
    }

    [Fact]
    public async Task AWaitingAttemptIsCutShortWhenTheBoundShrinks()
    {
        var learner = new ConnectTimeoutLearner(Configured, TimeSpan.FromMilliseconds(20));
        var never = new TaskCompletionSource().Task;
        var start = TimeProvider.System.GetTimestamp();

        var waiting = learner.WaitAsync(never, start, TimeProvider.System, TestContext.Current.CancellationToken);
        for (var i = 0; i < 5; i++)
        {
            learner.Record(TimeSpan.FromMilliseconds(1));
        }

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AnAttemptThatFinishesFirstIsReportedAsFinished()
    {
        var learner = new ConnectTimeoutLearner(Configured, Floor);

        Assert.True(await learner.WaitAsync(Task.CompletedTask, TimeProvider.System.GetTimestamp(), TimeProvider.System, TestContext.Current.CancellationToken));
    }
}
