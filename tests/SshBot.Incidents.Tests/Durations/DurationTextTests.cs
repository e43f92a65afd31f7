namespace SshBot.Incidents.Tests.Durations;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("30m", 0, 30)]
    [InlineData("12h", 0, 720)]
    [InlineData("7d", 7, 0)]
    [InlineData("2w", 14, 0)]
    [InlineData(" 7D ", 7, 0)]
    public void DurationsAreReadAsPeopleTypeThem(string text, int days, int minutes)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromDays(days) + TimeSpan.FromMinutes(minutes), duration);
    }

    [Theory]
    [InlineData("7x")]
    [InlineData("7")]
    [InlineData("d")]
    [InlineData("-7d")]
    [InlineData("0d")]
    [InlineData("1.5h")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("99999999999d")]
    public void AnythingElseIsRejectedRatherThanGuessed(string? text)
    {
        Assert.False(DurationText.TryParse(text, out _));
    }
}
