namespace MasteringPortal.Core.Notifications;

/// <summary>
/// What the notification planner tells the host once a save that made notifications or emails has committed: which
/// people have something new under their bell, which emails wait for delivery, and whether an email is due now. The
/// web host rings the bells and queues the delivery jobs; a process that stops before that loses nothing, because the
/// rows are saved and the recurring sweep finds them.
/// </summary>
public interface INotificationSignals
{
    Task CommittedAsync(IReadOnlyCollection<string> notifiedUserIds, IReadOnlyCollection<Guid> emailIds, bool emailDueNow);
}
