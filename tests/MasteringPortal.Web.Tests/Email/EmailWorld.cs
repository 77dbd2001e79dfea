using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Features.Email;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Email;

/// <summary>Helpers for the email tests: a portal pointed at the test SMTP server, and emails put into its outbox.</summary>
internal static class EmailWorld
{
    public const string BaseUrl = "https://portal.studio.test";

    public static PortalFactory Portal(SmtpInbox? inbox, string? dataDirectory = null, Action<IServiceCollection>? services = null)
    {
        var factory = dataDirectory is null ? new PortalFactory(seedDemo: true) : new PortalFactory(seedDemo: false, dataDirectory);
        factory.Settings["PublicBaseUrl"] = BaseUrl;
        if (dataDirectory is not null)
        {
            factory.Settings["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(dataDirectory, "portal.db")}";
            factory.Settings["Storage:Root"] = Path.Combine(dataDirectory, "files");
            factory.Settings["DataProtection:KeysPath"] = Path.Combine(dataDirectory, "keys");
        }
        if (inbox is not null) foreach (var (k, v) in inbox.PortalSettings()) factory.Settings[k] = v;
        if (services is null) return factory;
        return new ConfiguredPortal(factory, services);
    }

    /// <summary>Puts an email into the outbox as a feature would (one save) and returns its row.</summary>
    public static async Task<OutboxEmail> QueueAsync(IServiceProvider services, string to, EmailContent content, string template = "invitation")
    {
        var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await using var _ = db;
        var studio = await db.Studios.Select(s => s.Id).FirstAsync();
        var email = services.GetRequiredService<EmailOutbox>().Add(db, studio, null, to, "Test Person", template, content);
        await db.SaveChangesAsync();
        return email;
    }

    public static async Task<OutboxEmail> RowAsync(IServiceProvider services, Guid id)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.OutboxEmails.AsNoTracking().SingleAsync(e => e.Id == id);
    }

    /// <summary>A portal factory with test services swapped in (a transport that stops mid-send, a fake clock).</summary>
    sealed class ConfiguredPortal(PortalFactory inner, Action<IServiceCollection> services) : PortalFactory(inner.SeedDemo, inner.DataDirectory)
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            foreach (var (k, v) in inner.Settings) Settings[k] = v;
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            inner.Dispose();
        }
    }
}

/// <summary>A transport that takes an email and waits, like a mail server that never answers, until the host stops.</summary>
internal sealed class StallingTransport : IEmailTransport
{
    public TaskCompletionSource<Guid> Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<SendResult> SendAsync(OutboxEmail email, CancellationToken ct)
    {
        Entered.TrySetResult(email.Id);
        await Task.Delay(Timeout.Infinite, ct);
        return new SendResult(SendResultKind.Accepted);
    }
}
