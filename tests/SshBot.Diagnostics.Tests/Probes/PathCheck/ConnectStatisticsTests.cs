using SshBot.Diagnostics.Probes.PathCheck;

namespace SshBot.Diagnostics.Tests.Probes.PathCheck;

public sealed class ConnectStatisticsTests
{
    private static TimeSpan? Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void LossIsTheShareOfAttemptsWithNoAnswerAndRttTheMedianOfTheAnswers()
    {
        TimeSpan?[] samples = [Ms(13), Ms(10), null, Ms(19), Ms(11), Ms(12), Ms(14), null, Ms(15), Ms(16), Ms(17), Ms(18)];

        var stats = ConnectStatistics.From(samples);

        Assert.Equal(12, stats.Attempts);
        Assert.Equal(10, stats.Answered);
        Assert.Equal(16.7, stats.LossPct);
        Assert.Equal(14.5, stats.RttMs);
    }

    [Fact]
    public void JitterIsTheSpreadBetweenTheTenthAndNinetiethPercentiles()
    {
        // 10..19 ms: p10 = 10.9, p90 = 18.1 (linear interpolation), so one slow outlier does not dominate.
        TimeSpan?[] samples = [.. Enumerable.Range(10, 10).Select(i => Ms(i))];

        Assert.Equal(7.2, ConnectStatistics.From(samples).JitterMs);
    }

    [Fact]
    public void ASteadyPathHasNoJitterAndNoLoss()
    {
        var stats = ConnectStatistics.From([Ms(5), Ms(5), Ms(5)]);

        Assert.Equal(0, stats.LossPct);
        Assert.Equal(5, stats.RttMs);
        Assert.Equal(0, stats.JitterMs);
    }

    [Fact]
    public void WhenNothingAnswersLossIsTotalAndThereIsNoRtt()
    {
        var stats = ConnectStatistics.From([null, null]);

        Assert.Equal(100, stats.LossPct);
        Assert.Null(stats.RttMs);
        Assert.Null(stats.JitterMs);
    }

    [Fact]
    public void NoAttemptsIsAnError() =>
        Assert.Throws<ArgumentException>(() => ConnectStatistics.From([]));
}
