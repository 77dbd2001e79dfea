using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Features.Clients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Email;

/// <summary>An invitation sent by email: it arrives at the client's address and its link opens the sign-up page for that invitation.</summary>
public sealed class InvitationEmailTests
{
    [SkippableFact(Timeout = 300_000)]
    public async Task The_invitation_email_arrives_and_its_link_opens_the_sign_up_page()
    {
        var inbox = SmtpInbox.FromEnvironment();
        Skip.If(inbox is null, SmtpInbox.SkipReason);
        using var factory = EmailWorld.Portal(inbox);
        _ = factory.Server;
        var people = await DemoPeople.ReadAsync(factory.Services);
        var address = $"{Guid.NewGuid():N}@band.test";
        var invitations = factory.Services.CreateScope().ServiceProvider.GetRequiredService<InvitationService>();
        var link = await invitations.CreateClientAndInviteAsync(people.Engineer,
            new NewClientForm { Name = "The <Night> Owls", ContactName = "Nova", Email = address, SendByEmail = true }, "http://shown.on.page/");
        Assert.NotNull(link);
        Assert.True(link.Emailed);

        OutboxEmail row;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            row = await db.OutboxEmails.SingleAsync(e => e.ToAddress == address);
        var message = await inbox!.WaitForAsync(row.MessageId, TimeSpan.FromSeconds(60));
        Assert.NotNull(message);
        Assert.Equal(address, message.To.Mailboxes.Single().Address);
        var signUp = message.TextBody.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(EmailWorld.BaseUrl + "/account/signup?token="));
        // The email's link is the page's link on the public address.
        Assert.Equal(new Uri(link.Url).PathAndQuery, new Uri(signUp).PathAndQuery);
        Assert.Contains($"href=\"{signUp}\"", message.HtmlBody);

        using var client = factory.CreateClient();
        var page = await client.GetAsync(new Uri(signUp).PathAndQuery);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(address, await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_mail_server_the_invitation_email_is_kept_for_the_studio_and_a_client_cannot_send_one()
    {
        using var factory = EmailWorld.Portal(inbox: null);
        _ = factory.Server;
        var people = await DemoPeople.ReadAsync(factory.Services);
        var invitations = factory.Services.CreateScope().ServiceProvider.GetRequiredService<InvitationService>();
        Assert.Null(await invitations.CreateClientAndInviteAsync(people.Ava,
            new NewClientForm { Name = "Sneaky", Email = "sneaky@band.test", SendByEmail = true }, "http://x/"));
        var link = await invitations.CreateClientAndInviteAsync(people.Engineer,
            new NewClientForm { Name = "Quiet Band", Email = "quiet@band.test", SendByEmail = true }, "http://x/");
        Assert.True(link!.Emailed);

        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MasteringPortal.Web.Features.Email.EmailSweep>().RunAsync(CancellationToken.None);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.OutboxEmails.AnyAsync(e => e.ToAddress == "sneaky@band.test"));
        var row = await db.OutboxEmails.SingleAsync(e => e.ToAddress == "quiet@band.test");
        Assert.Equal(OutboxEmailState.Logged, row.State);
        var listed = await scope.ServiceProvider.GetRequiredService<MasteringPortal.Web.Features.Email.StudioEmails>().ListAsync(people.Engineer);
        Assert.Contains(listed!, e => e.Id == row.Id);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<MasteringPortal.Web.Features.Email.StudioEmails>().ListAsync(people.Ava));
    }
}
