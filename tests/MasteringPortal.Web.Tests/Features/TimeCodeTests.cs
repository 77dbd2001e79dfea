using MasteringPortal.Web.Features.Projects;

namespace MasteringPortal.Web.Tests.Features;

public sealed class TimeCodeTests
{
    [Theory]
    [InlineData("1:12", 72)]
    [InlineData("0:05.5", 5.5)]
    [InlineData("72", 72)]
    [InlineData("1:02:03", 3723)]
    [InlineData(" 3:00 ", 180)]
    public void Parses_times_as_musicians_write_them(string text, double seconds)
    {
        Assert.True(TimeCode.TryParse(text, out var parsed));
        Assert.Equal(seconds, parsed, 9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1:75")]
    [InlineData("abc")]
    [InlineData("-1:00")]
    [InlineData("1:2:3:4")]
    public void Refuses_what_is_not_a_time(string text) => Assert.False(TimeCode.TryParse(text, out _));

    [Theory]
    [InlineData(72, "1:12")]
    [InlineData(5.5, "0:05.5")]
    [InlineData(3723, "1:02:03")]
    [InlineData(0, "0:00")]
    public void Formats_as_minutes_and_seconds(double seconds, string text) => Assert.Equal(text, TimeCode.Format(seconds));
}
