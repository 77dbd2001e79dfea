using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Data;

public sealed class SqliteProjectEventLogTests(SqliteTestDatabase db) : ProjectEventLogTests<SqliteTestDatabase>(db);
public sealed class PostgresProjectEventLogTests(PostgresTestDatabase db) : ProjectEventLogTests<PostgresTestDatabase>(db);

/// <summary>The timeline is append-only: what happened cannot be rewritten through the application.</summary>
public abstract class ProjectEventLogTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database)
    where TDatabase : TestDatabase
{
    async Task<(Guid ProjectId, Guid EventId)> SeedEventAsync()
    {
        await using var db = Db();
        var seed = await StudioSeed.CreateAsync(db);
        var e = new ProjectEvent { ProjectId = seed.ProjectA.Id, At = DateTimeOffset.UtcNow, Kind = ProjectEventKind.Note, Description = "Mix received" };
        db.ProjectEvents.Add(e);
        await db.SaveChangesAsync();
        return (seed.ProjectA.Id, e.Id);
    }

    [SkippableFact]
    public async Task A_saved_event_cannot_be_changed()
    {
        var (_, eventId) = await SeedEventAsync();
        await using var db = Db();
        var e = await db.ProjectEvents.SingleAsync(x => x.Id == eventId);
        e.Description = "Nothing happened";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Contains("append-only", error.Message);

        await using var check = Db();
        Assert.Equal("Mix received", (await check.ProjectEvents.SingleAsync(x => x.Id == eventId)).Description);
    }

    [SkippableFact]
    public async Task A_saved_event_cannot_be_deleted()
    {
        var (_, eventId) = await SeedEventAsync();
        await using var db = Db();
        db.ProjectEvents.Remove(await db.ProjectEvents.SingleAsync(x => x.Id == eventId));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        await using var check = Db();
        Assert.True(await check.ProjectEvents.AnyAsync(x => x.Id == eventId));
    }

    [SkippableFact]
    public async Task Deleting_a_project_takes_its_history_with_it()
    {
        var (projectId, eventId) = await SeedEventAsync();
        await using var db = Db();
        var project = await db.Projects.Include(p => p.Events).SingleAsync(p => p.Id == projectId);
        db.Projects.Remove(project);
        await db.SaveChangesAsync();

        await using var check = Db();
        Assert.False(await check.ProjectEvents.AnyAsync(x => x.Id == eventId));
    }
}
