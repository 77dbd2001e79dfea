using Hangfire;
using MasteringPortal.Core.Notifications;
using MasteringPortal.Web.Features.Notifications;

namespace MasteringPortal.Web.Features.Email;

/// <summary>
/// The web host's answer to a committed save with notifications or emails: ring the bells of the people concerned and
/// queue the email job when something is to be sent now. If the process stops before this, nothing is lost: the rows
/// are saved and the minutely sweep sends them.
/// </summary>
public sealed class EmailSignals(NotificationBell bell, IBackgroundJobClient jobs, ILogger<EmailSignals> logger) : INotificationSignals
{
    public async Task CommittedAsync(IReadOnlyCollection<string> notifiedUserIds, IReadOnlyCollection<Guid> emailIds, bool emailDueNow)
    {
        if (emailIds.Count > 0 || emailDueNow)
        {
            try
            {
                jobs.Enqueue<EmailSweep>(s => s.RunAsync(CancellationToken.None));
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Queueing the email job failed; the minutely sweep will send the email");
            }
        }
        await bell.RingAsync(notifiedUserIds);
    }
}
