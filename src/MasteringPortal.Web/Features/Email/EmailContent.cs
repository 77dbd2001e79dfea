namespace MasteringPortal.Web.Features.Email;

/// <summary>A rendered email: its subject, the plain-text part and the HTML part (every user-supplied value encoded).</summary>
public sealed record EmailContent(string Subject, string Text, string Html);
