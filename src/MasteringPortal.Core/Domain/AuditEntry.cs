namespace MasteringPortal.Core.Domain;

/// <summary>
/// One thing done to people's data that the studio must be able to account for (a client's personal data erased on
/// request): who did it, when, and what, in words that name no erased person. The owner reads them on the clients page.
/// </summary>
public class AuditEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid StudioId { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The user who acted; their name is kept in <see cref="ActorName"/> as it was then.</summary>
    public string? ActorId { get; set; }
    public string ActorName { get; set; } = "";

    /// <summary>What was done ("Erased a client's personal data on request").</summary>
    public string Action { get; set; } = "";

    /// <summary>What it touched, counted: people, projects, files, payments kept.</summary>
    public string Details { get; set; } = "";
}
