using MasteringPortal.Core.Domain;

namespace MasteringPortal.Web.Features.Email;

/// <summary>The words of each kind of email, in the studio's name. Links come from <see cref="PortalLinks"/>.</summary>
public sealed class EmailTemplates(PortalLinks links)
{
    /// <summary>
    /// One notification, or several gathered into one email (comments in a burst, a daily digest): each with its title,
    /// its words and the link to its exact place.
    /// </summary>
    public EmailContent Notifications(string studioName, string recipientName, IReadOnlyList<Notification> items, bool digest)
    {
        var layout = new EmailLayout(studioName, links).Greeting(recipientName);
        string subject;
        if (items.Count == 1)
        {
            var only = items[0];
            subject = $"{only.Title} ({studioName})";
            layout.Paragraph(only.Title + ".");
            if (only.Kind == NotificationKind.Comment) layout.Quote(only.Body);
            else if (!string.IsNullOrWhiteSpace(only.Body)) layout.Paragraph(only.Body);
            layout.Link(OpenWords(only.Kind), only.Link);
        }
        else
        {
            var comments = items.All(i => i.Kind == NotificationKind.Comment);
            subject = digest ? $"Your day at {studioName}: {items.Count} updates"
                : comments ? $"{items.Count} new comments ({studioName})"
                : $"{items.Count} updates from {studioName}";
            layout.Paragraph(digest ? "Here is what happened since the last summary:" : "Here is what happened:");
            foreach (var item in items.OrderBy(i => i.CreatedAt))
            {
                layout.Paragraph(item.Title + ".");
                if (item.Kind == NotificationKind.Comment) layout.Quote(item.Body);
                else if (!string.IsNullOrWhiteSpace(item.Body)) layout.Paragraph(item.Body);
                layout.Link(OpenWords(item.Kind), item.Link);
            }
        }
        return layout.Finish(subject);
    }

    public EmailContent Invitation(string studioName, string clientName, string signUpPath, DateTimeOffset expiresAt) =>
        new EmailLayout(studioName, links)
            .Greeting(clientName)
            .Paragraph($"{studioName} has invited you to their mastering portal, where you can upload your mixes, listen to the masters and talk about them.")
            .Link("Create your account", signUpPath)
            .Paragraph($"The link works until {expiresAt:d MMMM yyyy, HH:mm} UTC. If you did not expect this email, you can ignore it.")
            .Finish($"{studioName} invites you to their mastering portal");

    public EmailContent TeamInvitation(string studioName, string roleName, string signUpPath, DateTimeOffset expiresAt) =>
        new EmailLayout(studioName, links)
            .Greeting("")
            .Paragraph($"{studioName} has invited you to join their team on their mastering portal as {Article(roleName)} {roleName.ToLowerInvariant()}.")
            .Link("Create your account", signUpPath)
            .Paragraph($"The link works until {expiresAt:d MMMM yyyy, HH:mm} UTC. If you did not expect this email, you can ignore it.")
            .Finish($"Join {studioName}'s team on their mastering portal");

    static string Article(string word) => word.Length > 0 && "AEIOUaeiou".Contains(word[0]) ? "an" : "a";

    public EmailContent PasswordReset(string studioName, string name, string resetPath, DateTimeOffset expiresAt) =>
        new EmailLayout(studioName, links)
            .Greeting(name)
            .Paragraph("Someone (we hope you) asked to choose a new password for your account.")
            .Link("Choose a new password", resetPath)
            .Paragraph($"The link works once, until {expiresAt:HH:mm} UTC on {expiresAt:d MMMM}. If you did not ask for it, ignore this email: your password stays as it is.")
            .Finish($"Choose a new password ({studioName})");

    public EmailContent ConfirmEmail(string studioName, string name, string confirmPath) =>
        new EmailLayout(studioName, links)
            .Greeting(name)
            .Paragraph($"You have an account on {studioName}'s mastering portal. Please confirm that this is your email address, so the studio can send you news of your projects here.")
            .Link("Confirm my email address", confirmPath)
            .Paragraph("The link works for a day. If you did not make this account, ignore this email.")
            .Finish($"Confirm your email address ({studioName})");

    static string OpenWords(NotificationKind kind) => kind switch
    {
        NotificationKind.Comment => "Open the comment",
        NotificationKind.RevisionPosted or NotificationKind.ReviewWaiting => "Listen and review",
        NotificationKind.MastersReady => "Download your masters",
        NotificationKind.PaymentWaiting => "See what is due",
        NotificationKind.RenderFailed => "Open the workspace",
        NotificationKind.BackupFailed => "See the backups",
        NotificationKind.InvitationWaiting => "Send it again",
        NotificationKind.FilesToBeRemoved => "See the project",
        NotificationKind.NewMixRequested => "Send the new mix",
        _ => "Open the project",
    };
}
