namespace MasteringPortal.Web.Demo;

/// <summary>A clock the seeder moves through the demo's past, so the workflow writes a believable timeline.</summary>
internal sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
