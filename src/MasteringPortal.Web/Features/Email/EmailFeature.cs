using MasteringPortal.Core.Notifications;
using MasteringPortal.Web.Features.Notifications;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MasteringPortal.Web.Features.Email;

/// <summary>
/// Email: the <c>Email:*</c> keys and <c>PublicBaseUrl</c>, the templates, the outbox and its delivery job, and the
/// signals that ring the bells after a commit. docs/NOTIFICATIONS.md.
/// </summary>
public static class EmailFeature
{
    public static WebApplicationBuilder AddEmail(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<EmailOptions>(builder.Configuration.GetSection("Email"));
        services.TryAddSingleton<PortalLinks>();
        services.TryAddSingleton<EmailTemplates>();
        services.TryAddSingleton<EmailOutbox>();
        services.TryAddSingleton<IEmailTransport, SmtpEmailTransport>();
        services.TryAddSingleton<NotificationBell>();
        services.TryAddSingleton<INotificationSignals, EmailSignals>();
        services.TryAddScoped<OutboxDelivery>();
        services.TryAddScoped<NotificationEmails>();
        services.TryAddScoped<EmailSweep>();
        services.TryAddScoped<StudioEmails>();
        services.AddHostedService<EmailStartup>();
        return builder;
    }
}
