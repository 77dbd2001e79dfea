using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features.Notifications;

/// <summary>The bell, the notifications page and the email choices (docs/NOTIFICATIONS.md).</summary>
public static class NotificationsFeature
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.TryAddScoped<NotificationInbox>();
        services.TryAddScoped<OccasionNotices>();
        services.TryAddScoped<ReminderJob>();
        return services;
    }
}
