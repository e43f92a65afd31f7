using System.Net;
using SshBot.Diagnostics.Probes.PathCheck;
using SshBot.Diagnostics.Tests.Fakes;

namespace SshBot.Diagnostics.Tests.Probes.PathCheck;

public sealed class ConnectBudgetTests
{
    private static readonly IPAddress Host = IPAddress.Parse("198.18.0.10");

    [Fact]
    public void OneDiagnosisWithTwelveConnectsStaysUnderOpenSshsPenaltyThreshold()
    {
        var budget = new ConnectBudget(new ManualClock());

        Assert.True(budget.TryTake(Host, 12, out var wait));
        Assert.Equal(0, wait);
    }

    [Fact]
    public void ASecondDiagnosisMomentsLaterDoesNotRepeatTheConnectsAndSaysHowLongToWait()
    {
        var budget = new ConnectBudget(new ManualClock());
        budget.TryTake(Host, 12, out _);

        Assert.False(budget.TryTake(Host, 12, out var wait));
        // 13 spent, plus this diagnosis's handshake, plus 12 would be 26: 12 over the 14 allowed.
        Assert.Equal(12, wait);
    }

    [Fact]
    public void PenaltiesRunDownOneSecondPerSecond()
    {
        var clock = new ManualClock();
        var budget = new ConnectBudget(clock);
        budget.TryTake(Host, 12, out _);
        budget.TryTake(Host, 12, out _);

        clock.Advance(TimeSpan.FromSeconds(12));
        Assert.False(budget.TryTake(Host, 12, out _));

        clock.Advance(TimeSpan.FromSeconds(14));
        Assert.True(budget.TryTake(Host, 12, out _));
    }

    [Fact]
    public void EachAddressHasItsOwnBudget()
    {
        var budget = new ConnectBudget(new ManualClock());
        budget.TryTake(Host, 12, out _);

        Assert.True(budget.TryTake(IPAddress.Parse("198.18.0.11"), 12, out _));
    }

    [Fact]
    public void ACountAboveTheBudgetRunsWhenNothingIsOutstandingButIsNotRepeatedSoon()
    {
        var clock = new ManualClock();
        var budget = new ConnectBudget(clock);

        Assert.True(budget.TryTake(Host, 30, out _));
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(budget.TryTake(Host, 30, out _));
    }
}
