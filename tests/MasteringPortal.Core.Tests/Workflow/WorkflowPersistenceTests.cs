using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Tests.Infrastructure;
using MasteringPortal.Core.Workflow;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Workflow;

public sealed class SqliteWorkflowPersistenceTests(SqliteTestDatabase db) : WorkflowPersistenceTests<SqliteTestDatabase>(db);
public sealed class PostgresWorkflowPersistenceTests(PostgresTestDatabase db) : WorkflowPersistenceTests<PostgresTestDatabase>(db);

public abstract class WorkflowPersistenceTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database)
    where TDatabase : TestDatabase
{
    readonly ProjectWorkflow workflow = new();

    [SkippableFact]
    public async Task The_whole_journey_is_saved_with_one_event_per_step()
    {
        StudioSeed seed;
        await using (var db = Db()) seed = await StudioSeed.CreateAsync(db);
        var client = seed.ClientAUser.AsActor();
        var engineer = seed.Engineer.AsActor();

        async Task Step(Func<PortalDbContextScope, Task> act)
        {
            await using var db = Db();
            var project = await db.Projects.Include(p => p.Tracks).ThenInclude(t => t.Revisions).SingleAsync(p => p.Id == seed.ProjectA.Id);
            var studio = await db.Studios.SingleAsync(s => s.Id == seed.Studio.Id);
            await act(new PortalDbContextScope(db, project, studio));
            await db.SaveChangesAsync();
        }

        await Step(s => { workflow.Submit(s.Project, s.Studio, client); return Task.CompletedTask; });
        await Step(s => { workflow.StartWork(s.Project, engineer); return Task.CompletedTask; });
        await Step(s => { PostNewRevision(s, 1, engineer); return Task.CompletedTask; });
        await Step(s => { workflow.RequestChanges(s.Project, s.Studio, client, "More air on the vocal"); return Task.CompletedTask; });
        await Step(s => { PostNewRevision(s, 2, engineer); return Task.CompletedTask; });
        await Step(s =>
        {
            var second = s.Project.Tracks.Single().Revisions.Single(r => r.Number == 2);
            workflow.Approve(s.Project, second, client);
            return Task.CompletedTask;
        });
        await Step(s => { workflow.MarkPaid(s.Project, engineer, "bank transfer 2026-03-20"); return Task.CompletedTask; });
        await Step(s => { workflow.Deliver(s.Project, engineer); return Task.CompletedTask; });

        await using var check = Db();
        var saved = await check.Projects.Include(p => p.Events).SingleAsync(p => p.Id == seed.ProjectA.Id);
        Assert.Equal(ProjectStatus.Delivered, saved.Status);
        Assert.Equal(1, saved.RevisionRoundsUsed);
        Assert.Equal(60_00, saved.QuoteMinor);
        Assert.NotNull(saved.ApprovedRevisionId);
        Assert.NotNull(saved.SubmittedAt);
        var kinds = await check.ProjectEvents.Where(e => e.ProjectId == seed.ProjectA.Id).OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => e.Kind).ToListAsync();
        Assert.Equal(
            [ProjectEventKind.Submitted, ProjectEventKind.WorkStarted, ProjectEventKind.RevisionPosted, ProjectEventKind.ChangesRequested,
             ProjectEventKind.RevisionPosted, ProjectEventKind.Approved, ProjectEventKind.Paid, ProjectEventKind.Delivered],
            kinds);
        Assert.All(saved.Events.Where(e => e.Kind is ProjectEventKind.Submitted or ProjectEventKind.ChangesRequested or ProjectEventKind.Approved),
            e => Assert.Equal(seed.ClientAUser.UserId, e.ActorId));
    }

    void PostNewRevision(PortalDbContextScope s, int number, WorkflowActor engineer)
    {
        var track = s.Project.Tracks.Single();
        var revision = new Revision { TrackId = track.Id, Number = number, Status = RevisionStatus.Ready };
        s.Db.Revisions.Add(revision);
        track.Revisions.Add(revision);
        workflow.PostRevision(s.Project, revision, engineer, $"Revision {number}");
    }

    [SkippableFact]
    public async Task A_refused_round_leaves_the_saved_project_unchanged()
    {
        StudioSeed seed;
        await using (var db = Db()) seed = await StudioSeed.CreateAsync(db);
        await using (var db = Db())
        {
            var project = await db.Projects.SingleAsync(p => p.Id == seed.ProjectB.Id);
            project.Status = ProjectStatus.InReview;
            project.RevisionRoundsUsed = 2;
            await db.SaveChangesAsync();
        }

        await using (var db = Db())
        {
            var project = await db.Projects.SingleAsync(p => p.Id == seed.ProjectB.Id);
            var studio = await db.Studios.SingleAsync(s => s.Id == seed.Studio.Id);
            var error = Assert.Throws<WorkflowException>(() => workflow.RequestChanges(project, studio, seed.ClientBUser.AsActor(), "again"));
            Assert.Equal("All 2 included revision rounds are used. Ask your engineer for an extra round.", error.Message);
            await db.SaveChangesAsync();
        }

        await using var check = Db();
        var saved = await check.Projects.SingleAsync(p => p.Id == seed.ProjectB.Id);
        Assert.Equal((ProjectStatus.InReview, 2), (saved.Status, saved.RevisionRoundsUsed));
        Assert.False(await check.ProjectEvents.AnyAsync(e => e.ProjectId == seed.ProjectB.Id));
    }

    [SkippableFact]
    public async Task Of_two_simultaneous_decisions_only_the_first_is_saved()
    {
        StudioSeed seed;
        await using (var db = Db()) seed = await StudioSeed.CreateAsync(db);
        Guid revisionId;
        await using (var db = Db())
        {
            var project = await db.Projects.Include(p => p.Tracks).SingleAsync(p => p.Id == seed.ProjectA.Id);
            project.Status = ProjectStatus.InReview;
            var revision = new Revision { TrackId = project.Tracks[0].Id, Number = 1, Status = RevisionStatus.Ready, PostedAt = DateTimeOffset.UtcNow };
            db.Revisions.Add(revision);
            await db.SaveChangesAsync();
            revisionId = revision.Id;
        }

        // The client has the review page open on two devices: approves on one, requests changes on the other.
        await using var phone = Db();
        await using var laptop = Db();
        var onPhone = await phone.Projects.Include(p => p.Tracks).SingleAsync(p => p.Id == seed.ProjectA.Id);
        var onLaptop = await laptop.Projects.Include(p => p.Tracks).SingleAsync(p => p.Id == seed.ProjectA.Id);
        var client = seed.ClientAUser.AsActor();

        workflow.Approve(onPhone, await phone.Revisions.SingleAsync(r => r.Id == revisionId), client);
        await phone.SaveChangesAsync();
        workflow.RequestChanges(onLaptop, await laptop.Studios.SingleAsync(s => s.Id == seed.Studio.Id), client, "brighter");
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => laptop.SaveChangesAsync());

        await using var check = Db();
        var saved = await check.Projects.SingleAsync(p => p.Id == seed.ProjectA.Id);
        Assert.Equal((ProjectStatus.Approved, 0), (saved.Status, saved.RevisionRoundsUsed));
        Assert.Equal([ProjectEventKind.Approved], await check.ProjectEvents.Where(e => e.ProjectId == saved.Id).Select(e => e.Kind).ToListAsync());
    }

    public sealed record PortalDbContextScope(MasteringPortal.Core.Data.PortalDbContext Db, Project Project, Studio Studio);
}
