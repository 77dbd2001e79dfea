namespace MasteringPortal.Core.Domain;

/// <summary>
/// A reminder that was sent, one row per occasion ("revision R waiting since its posting", "project P due on D"). Its
/// unique key is what makes a reminder go out once however often the job runs, across restarts.
/// </summary>
public class ReminderRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string Kind { get; set; } = "";
    public Guid SubjectId { get; set; }
    public string Occasion { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }
}
