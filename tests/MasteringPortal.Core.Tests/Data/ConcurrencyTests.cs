using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Data;

public sealed class SqliteConcurrencyTests(SqliteTestDatabase db) : ConcurrencyTests<SqliteTestDatabase>(db);
public sealed class PostgresConcurrencyTests(PostgresTestDatabase db) : ConcurrencyTests<PostgresTestDatabase>(db);

/// <summary>The engineer and the client edit the same rows; a stale save must fail loudly and lose nothing.</summary>
public abstract class ConcurrencyTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database)
    where TDatabase : TestDatabase
{
    [SkippableFact]
    public async Task A_stale_project_save_is_refused_and_the_users_text_is_kept()
    {
        Guid id;
        await using (var setup = Db()) id = (await StudioSeed.CreateAsync(setup)).ProjectA.Id;

        await using var engineer = Db();
        await using var client = Db();
        var engineersCopy = await engineer.Projects.SingleAsync(p => p.Id == id);
        var clientsCopy = await client.Projects.SingleAsync(p => p.Id == id);

        engineersCopy.Title = "Debut (engineer's title)";
        await engineer.SaveChangesAsync();

        clientsCopy.Title = "Debut (client's title)";
        var conflict = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => client.SaveChangesAsync());

        var explained = await ConcurrencyConflicts.ResolveAsync(conflict);
        Assert.Equal("Someone else changed this project while you were editing. Your text is kept below; please review and save again.", explained.Message);
        var field = Assert.Single(explained.Fields);
        Assert.Equal(("Title", "Debut (client's title)", "Debut (engineer's title)"), (field.Property, field.YourValue, field.TheirValue));
        Assert.Equal("Debut (client's title)", clientsCopy.Title);

        // Saving again after review stores the user's version knowingly.
        await client.SaveChangesAsync();
        await using var check = Db();
        Assert.Equal("Debut (client's title)", (await check.Projects.SingleAsync(p => p.Id == id)).Title);
    }

    [SkippableFact]
    public async Task Adding_a_reference_to_a_brief_someone_else_changed_is_refused()
    {
        Guid briefId;
        await using (var setup = Db())
        {
            var seed = await StudioSeed.CreateAsync(setup);
            var track = await setup.Tracks.SingleAsync(t => t.ProjectId == seed.ProjectA.Id);
            var brief = new Brief { TrackId = track.Id, Notes = "first" };
            setup.Briefs.Add(brief);
            await setup.SaveChangesAsync();
            briefId = brief.Id;
        }

        await using var engineer = Db();
        await using var client = Db();
        var engineersCopy = await engineer.Briefs.SingleAsync(b => b.Id == briefId);
        var clientsCopy = await client.Briefs.SingleAsync(b => b.Id == briefId);

        engineersCopy.Notes = "engineer's notes";
        await engineer.SaveChangesAsync();

        // Only an owned row changes here; the brief's own columns do not.
        clientsCopy.References.Add(new ReferenceTrack { Title = "Massive Attack – Teardrop", WhatToTake = "the space" });
        var conflict = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => client.SaveChangesAsync());
        var explained = await ConcurrencyConflicts.ResolveAsync(conflict);
        Assert.StartsWith("Someone else changed this brief while you were editing.", explained.Message);
    }

    [SkippableFact]
    public async Task Removing_a_problem_note_from_a_brief_someone_else_changed_is_refused()
    {
        Guid briefId;
        await using (var setup = Db())
        {
            var seed = await StudioSeed.CreateAsync(setup);
            var track = await setup.Tracks.SingleAsync(t => t.ProjectId == seed.ProjectA.Id);
            var brief = new Brief { TrackId = track.Id, ProblemNotes = [new ProblemNote { StartSeconds = 30, Text = "Hiss in the intro" }] };
            setup.Briefs.Add(brief);
            await setup.SaveChangesAsync();
            briefId = brief.Id;
        }

        await using var engineer = Db();
        await using var client = Db();
        var engineersCopy = await engineer.Briefs.SingleAsync(b => b.Id == briefId);
        var clientsCopy = await client.Briefs.SingleAsync(b => b.Id == briefId);
        engineersCopy.Genre = "Ambient";
        await engineer.SaveChangesAsync();

        clientsCopy.ProblemNotes.Clear();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => client.SaveChangesAsync());

        await using var check = Db();
        Assert.Single((await check.Briefs.SingleAsync(b => b.Id == briefId)).ProblemNotes);
    }

    [SkippableFact]
    public async Task A_stale_comment_edit_is_refused()
    {
        Guid commentId;
        await using (var setup = Db())
        {
            var seed = await StudioSeed.CreateAsync(setup);
            var track = await setup.Tracks.SingleAsync(t => t.ProjectId == seed.ProjectA.Id);
            var revision = new Revision { TrackId = track.Id, Number = 1, Status = RevisionStatus.Ready };
            var comment = new Comment { RevisionId = revision.Id, AuthorId = seed.ClientAUser.UserId, StartSeconds = 12.5, Text = "Vocal too quiet" };
            setup.Revisions.Add(revision);
            setup.Comments.Add(comment);
            await setup.SaveChangesAsync();
            commentId = comment.Id;
        }

        await using var first = Db();
        await using var second = Db();
        var a = await first.Comments.SingleAsync(c => c.Id == commentId);
        var b = await second.Comments.SingleAsync(c => c.Id == commentId);
        a.Resolved = true;
        await first.SaveChangesAsync();
        b.Text = "Vocal too quiet in the chorus";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }

    [SkippableFact]
    public async Task A_stale_track_edit_is_refused()
    {
        Guid trackId;
        await using (var setup = Db())
        {
            var seed = await StudioSeed.CreateAsync(setup);
            trackId = (await setup.Tracks.SingleAsync(t => t.ProjectId == seed.ProjectA.Id)).Id;
        }

        await using var first = Db();
        await using var second = Db();
        var a = await first.Tracks.SingleAsync(t => t.Id == trackId);
        var b = await second.Tracks.SingleAsync(t => t.Id == trackId);
        a.Title = "Opening (radio edit)";
        await first.SaveChangesAsync();
        b.Position = 2;
        var conflict = await second.TrySaveAsync();
        Assert.Equal("Someone else changed this track while you were editing. Your text is kept below; please review and save again.", conflict?.Message);
        Assert.Empty(conflict!.Fields); // they changed different fields
        Assert.Equal("Opening (radio edit)", b.Title);

        // Saved on the second try: the user's new position, and the other person's title is not undone.
        Assert.Null(await second.TrySaveAsync());
        await using var check = Db();
        var saved = await check.Tracks.SingleAsync(t => t.Id == trackId);
        Assert.Equal((2, "Opening (radio edit)"), (saved.Position, saved.Title));
    }
}
