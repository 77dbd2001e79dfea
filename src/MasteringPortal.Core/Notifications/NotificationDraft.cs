using MasteringPortal.Core.Domain;

namespace MasteringPortal.Core.Notifications;

/// <summary>A notification decided on for one person, before their preference picks when it is emailed.</summary>
public sealed record NotificationDraft(string UserId, Guid StudioId, Guid? ProjectId, NotificationKind Kind, string Title, string Body, string Link);
