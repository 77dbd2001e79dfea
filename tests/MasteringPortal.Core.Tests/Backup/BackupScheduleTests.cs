using MasteringPortal.Core.Backup;
using MasteringPortal.Core.Domain;

namespace MasteringPortal.Core.Tests.Backup;

/// <summary>One backup per slot: a day (or the chosen weekday) at the configured hour, caught up after downtime, never twice in a slot.</summary>
public sealed class BackupScheduleTests
{
    static readonly BackupSchedule AtThree = new(HourUtc: 3, WeeklyOn: DayOfWeek.Sunday);

    static DateTimeOffset Utc(int day, int hour, int minute = 0) => new(2026, 12, day, hour, minute, 0, TimeSpan.Zero); // 6 Dec 2026 is a Sunday

    [Fact]
    public void Off_is_never_due()
    {
        Assert.Null(AtThree.LatestSlot(BackupFrequency.Off, Utc(7, 12)));
        Assert.False(AtThree.IsDue(BackupFrequency.Off, Utc(7, 12), lastStartedAt: null));
    }

    [Fact]
    public void Daily_is_due_once_after_the_hour_and_again_the_next_day()
    {
        var lastEvening = Utc(4, 3, 5);
        Assert.False(AtThree.IsDue(BackupFrequency.Daily, Utc(5, 2, 59), lastEvening));
        Assert.True(AtThree.IsDue(BackupFrequency.Daily, Utc(5, 3, 0), lastEvening));
        var ranToday = Utc(5, 3, 1);
        Assert.False(AtThree.IsDue(BackupFrequency.Daily, Utc(5, 23, 0), ranToday));
        Assert.True(AtThree.IsDue(BackupFrequency.Daily, Utc(6, 4, 0), ranToday));
    }

    [Fact]
    public void A_server_that_was_down_at_the_hour_backs_up_when_it_is_back_and_a_first_backup_needs_no_wait()
    {
        Assert.True(AtThree.IsDue(BackupFrequency.Daily, Utc(5, 17, 0), Utc(3, 3, 0)));
        Assert.True(AtThree.IsDue(BackupFrequency.Daily, Utc(5, 17, 0), lastStartedAt: null));
    }

    [Fact]
    public void Weekly_slots_fall_on_the_chosen_weekday()
    {
        Assert.Equal(Utc(6, 3), AtThree.LatestSlot(BackupFrequency.Weekly, Utc(10, 12)));
        Assert.Equal(Utc(6, 3).AddDays(-7), AtThree.LatestSlot(BackupFrequency.Weekly, Utc(6, 2)));
        var sundayRun = Utc(6, 3, 2);
        Assert.False(AtThree.IsDue(BackupFrequency.Weekly, Utc(12, 23), sundayRun));
        Assert.True(AtThree.IsDue(BackupFrequency.Weekly, Utc(13, 3), sundayRun));
    }
}
