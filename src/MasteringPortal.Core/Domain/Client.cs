namespace MasteringPortal.Core.Domain;

/// <summary>A studio's customer: a person or an act (band, label). Its users see its projects.</summary>
public class Client
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid StudioId { get; set; }
    public Studio? Studio { get; set; }

    /// <summary>The person or act, as shown on projects ("The Lumen Quartet").</summary>
    public string Name { get; set; } = "";
    public string ContactName { get; set; } = "";
    public string Email { get; set; } = "";
    public string Phone { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>When the client's personal data was erased on request (Features/Clients/ClientErasure); null while they are a client.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    public List<Project> Projects { get; set; } = [];
}
