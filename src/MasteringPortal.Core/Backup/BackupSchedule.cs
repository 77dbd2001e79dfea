using MasteringPortal.Core.Domain;

namespace MasteringPortal.Core.Backup;

/// <summary>
/// When a scheduled backup is due: one per slot, a slot being each day (daily) or each chosen weekday (weekly) at the
/// configured hour (UTC, a quiet hour by default). A backup is due once the newest slot has passed and no run started
/// since it, so a server that was down at the hour backs up when it comes back, and a failed run is not repeated every
/// hour (its notification says so; the next slot tries again).
/// </summary>
public sealed record BackupSchedule(int HourUtc = 3, DayOfWeek WeeklyOn = DayOfWeek.Sunday)
{
    /// <summary>The newest slot at or before <paramref name="now"/>, or null when backups are off.</summary>
    public DateTimeOffset? LatestSlot(BackupFrequency frequency, DateTimeOffset now)
    {
        if (frequency == BackupFrequency.Off) return null;
        var utc = now.ToUniversalTime();
        var slot = new DateTimeOffset(utc.Year, utc.Month, utc.Day, HourUtc, 0, 0, TimeSpan.Zero);
        if (slot > utc) slot = slot.AddDays(-1);
        if (frequency == BackupFrequency.Weekly)
            while (slot.DayOfWeek != WeeklyOn) slot = slot.AddDays(-1);
        return slot;
    }

    public bool IsDue(BackupFrequency frequency, DateTimeOffset now, DateTimeOffset? lastStartedAt) =>
        LatestSlot(frequency, now) is { } slot && (lastStartedAt is null || lastStartedAt < slot);
}
