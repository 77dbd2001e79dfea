using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Tests.Data;

public sealed class SqliteDataLayerTests(SqliteTestDatabase db) : DataLayerTests<SqliteTestDatabase>(db);
public sealed class PostgresDataLayerTests(PostgresTestDatabase db) : DataLayerTests<PostgresTestDatabase>(db);

public abstract class DataLayerTests<TDatabase>(TDatabase database) : DatabaseTests<TDatabase>(database)
    where TDatabase : TestDatabase
{
    // Whole microseconds: PostgreSQL's timestamptz keeps microseconds, SQLite's text keeps 100 ns ticks.
    static readonly DateTimeOffset Noon = new(2026, 3, 14, 12, 0, 0, 123, 456, TimeSpan.Zero);

    [SkippableFact]
    public async Task Migrations_apply_and_match_the_model()
    {
        await using var db = Db();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_InitialCreate"));
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration captures: regenerate InitialCreate.");
    }

    [SkippableFact]
    public async Task Project_with_tracks_brief_references_and_problem_notes_round_trips()
    {
        Guid projectId;
        await using (var db = Db())
        {
            var seed = await StudioSeed.CreateAsync(db);
            var project = new Project
            {
                StudioId = seed.Studio.Id, ClientId = seed.ClientA.Id, Title = "Night Drives", Kind = ProjectKind.EP,
                Status = ProjectStatus.InReview, DueDate = new DateOnly(2026, 4, 1), QuoteMinor = 250_00, Currency = "EUR",
                ExtraRoundsGranted = 1, RevisionRoundsUsed = 2, CreatedAt = Noon, SubmittedAt = Noon.AddHours(2),
            };
            var track = new Track { ProjectId = project.Id, Title = "Tunnel Lights", Position = 1 };
            var mix = new FileAsset
            {
                ProjectId = project.Id, TrackId = track.Id, Kind = FileAssetKind.Mix, OriginalName = "Tunnel Lights (mix v3).wav",
                SizeBytes = 123_456_789, Sha256 = new string('a', 64), Format = "wav", DurationSeconds = 221.5,
                SampleRateHz = 96_000, BitDepth = 24, Channels = 2, StorageKey = new string('a', 64), CreatedAt = Noon,
            };
            track.CurrentMixId = mix.Id;
            track.Brief = new Brief
            {
                TrackId = track.Id,
                TargetPlatforms = TargetPlatforms.Spotify | TargetPlatforms.AppleMusic | TargetPlatforms.Custom,
                CustomTargetLufs = -9.5, Genre = "Synthwave", Notes = "Keep the pads wide.",
                DeliveryFormats = DeliveryFormats.Wav24 | DeliveryFormats.Mp3,
                References =
                [
                    new ReferenceTrack { Title = "The Midnight – Days of Thunder", WhatToTake = "the low end" },
                    new ReferenceTrack { FileAssetId = mix.Id, Title = "Our demo master", WhatToTake = "the loudness" },
                ],
                ProblemNotes = [new ProblemNote { StartSeconds = 72, EndSeconds = 90.5, Text = "Snare is harsh" }],
            };
            project.Tracks.Add(track);
            project.Files.Add(mix);
            mix.Analyses.Add(new Analysis { IntegratedLufs = -14.2, LoudnessRangeLu = 6.1, TruePeakDbtp = -0.3, SamplePeakDbfs = -0.5, ResultJson = "{\"k\":1}" });
            db.Projects.Add(project);
            await db.SaveChangesAsync();
            projectId = project.Id;
        }

        await using (var db = Db())
        {
            var p = await db.Projects
                .Include(x => x.Tracks).ThenInclude(t => t.Brief)
                .Include(x => x.Files).ThenInclude(f => f.Analyses)
                .SingleAsync(x => x.Id == projectId);
            Assert.Equal(("Night Drives", ProjectKind.EP, ProjectStatus.InReview), (p.Title, p.Kind, p.Status));
            Assert.Equal(new DateOnly(2026, 4, 1), p.DueDate);
            Assert.Equal((250_00L, "EUR", 1, 2), (p.QuoteMinor, p.Currency, p.ExtraRoundsGranted, p.RevisionRoundsUsed));
            Assert.Equal(Noon, p.CreatedAt);
            Assert.Equal(TimeSpan.Zero, p.CreatedAt.Offset);
            Assert.Equal(Noon.AddHours(2), p.SubmittedAt);

            var track = Assert.Single(p.Tracks);
            var mix = Assert.Single(p.Files);
            Assert.Equal(mix.Id, track.CurrentMixId);
            Assert.Equal((96_000, 24, 2, 123_456_789L, 221.5), (mix.SampleRateHz!.Value, mix.BitDepth!.Value, mix.Channels!.Value, mix.SizeBytes, mix.DurationSeconds!.Value));
            var analysis = Assert.Single(mix.Analyses);
            Assert.Equal(-14.2, analysis.IntegratedLufs);
            Assert.Equal(-0.3, analysis.TruePeakDbtp);

            var brief = track.Brief!;
            Assert.Equal(TargetPlatforms.Spotify | TargetPlatforms.AppleMusic | TargetPlatforms.Custom, brief.TargetPlatforms);
            Assert.Equal(DeliveryFormats.Wav24 | DeliveryFormats.Mp3, brief.DeliveryFormats);
            Assert.Equal(-9.5, brief.CustomTargetLufs);
            Assert.Equal(2, brief.References.Count);
            Assert.Contains(brief.References, r => r.Title == "The Midnight – Days of Thunder" && r.WhatToTake == "the low end" && r.FileAssetId is null);
            Assert.Contains(brief.References, r => r.FileAssetId == mix.Id && r.WhatToTake == "the loudness");
            var note = Assert.Single(brief.ProblemNotes);
            Assert.Equal((72.0, 90.5, "Snare is harsh"), (note.StartSeconds, note.EndSeconds!.Value, note.Text));
        }
    }

    [SkippableFact]
    public async Task Enums_are_stored_as_their_names()
    {
        await using var db = Db();
        var seed = await StudioSeed.CreateAsync(db);
        var status = await db.Database
            .SqlQueryRaw<string>($"SELECT \"Status\" AS \"Value\" FROM \"Projects\" WHERE \"Id\" = {{0}}", seed.ProjectA.Id)
            .SingleAsync();
        Assert.Equal("Draft", status);
    }

    [SkippableFact]
    public async Task Times_are_compared_and_ordered_in_the_database()
    {
        await using var db = Db();
        var seed = await StudioSeed.CreateAsync(db);
        foreach (var minutes in new[] { 30, 10, 20 })
            db.ProjectEvents.Add(new ProjectEvent { ProjectId = seed.ProjectA.Id, At = Noon.AddMinutes(minutes), Kind = ProjectEventKind.Note, Description = $"{minutes}" });
        // A non-UTC offset is the same instant; it must sort by instant, not by local clock text.
        db.ProjectEvents.Add(new ProjectEvent { ProjectId = seed.ProjectA.Id, At = Noon.AddMinutes(15).ToOffset(TimeSpan.FromHours(5)), Kind = ProjectEventKind.Note, Description = "15" });
        await db.SaveChangesAsync();

        await using var read = Db();
        var after = Noon.AddMinutes(12);
        var ordered = await read.ProjectEvents
            .Where(e => e.ProjectId == seed.ProjectA.Id && e.At > after)
            .OrderByDescending(e => e.At)
            .Select(e => e.Description)
            .ToListAsync();
        Assert.Equal(["30", "20", "15"], ordered);
    }
}
