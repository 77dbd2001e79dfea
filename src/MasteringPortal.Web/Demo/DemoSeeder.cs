using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Core.Storage;
using MasteringPortal.Core.Workflow;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MasteringPortal.Web.Features.Setup;

namespace MasteringPortal.Web.Demo;

/// <summary>
/// Fills an empty database with a demo studio (founded by <see cref="StudioFounding"/>, as every studio is): one engineer, two clients with their users, and projects
/// in different stages (draft with a brief, submitted, in review with a posted revision, changes requested,
/// approved and waiting for payment, shown in manual mode), each track with a short synthesised mix in the file store.
/// Posted revisions are real renders of those mixes by the render engine, with the loudness the engineer's note
/// names, every master the brief asks for and the client's MP3 preview; the intake analysis of every mix and
/// 24-bit master is queued as a job, as an upload's would be. Stages are reached through
/// <see cref="ProjectWorkflow"/> on a clock set into the past, so the timelines read like real ones.
/// Does nothing when a studio exists.
/// </summary>
public sealed class DemoSeeder(PortalDbContext db, UserManager<PortalUser> users, RoleManager<IdentityRole> roles, IFileStore files,
    TimeProvider time, Audio.Codecs.AudioTools decode, IPortalJobs jobs, StudioFounding founding)
{
    public const string EngineerEmail = "engineer@demo.studio";
    public const string ClientEmail = "ava@demo.studio";
    public const string SecondClientEmail = "ben@demo.studio";
    public const string Password = "Demo-mastering-1";

    const double MixSeconds = 5;

    /// <summary>Seeds through a scope of its own (called at start-up, before any request has a scope).</summary>
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<DemoSeeder>(scope.ServiceProvider).SeedAsync(ct);
    }

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Studios.AnyAsync(ct)) return;

        var now = time.GetUtcNow();
        // The demo's history is written as it would have happened: its own workflow on a clock set back to each step.
        var clock = new SettableClock(now);
        var workflow = new ProjectWorkflow(clock);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var withFfmpeg = decode.FfmpegPath is not null;

        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));

        // The studio and its owner come to exist the way every studio does; the demo then gives it prices and terms.
        var founded = await founding.FoundAsync(new NewStudioForm
        {
            StudioName = "Northlight Mastering", Currency = "EUR", OwnerName = "Mara Holm", OwnerEmail = EngineerEmail, OwnerPassword = Password,
        }, isDemo: true, createdAt: now.AddDays(-60), ct);
        if (!founded.Succeeded) throw new InvalidOperationException("The demo studio could not be created: " + string.Join(" ", founded.Errors));
        var studio = founded.Studio!;
        var engineer = founded.Owner!;
        studio.PricePerTrackMinor = 90_00;
        studio.EpPackagePriceMinor = 320_00;
        studio.AlbumPackagePriceMinor = 850_00;
        studio.IncludedRevisionRounds = 2;
        studio.ExtraRoundPriceMinor = 35_00;
        studio.TurnaroundDays = 7;
        studio.PaymentInstructions = "Bank transfer to Northlight Mastering, IBAN DE00 0000 0000 0000 0000 00 (demo), reference: your project title.";
        var ava = new Client { StudioId = studio.Id, Name = "Ava Lind", ContactName = "Ava Lind", Email = ClientEmail, CreatedAt = now.AddDays(-40) };
        var ben = new Client { StudioId = studio.Id, Name = "The Ben Carter Trio", ContactName = "Ben Carter", Email = SecondClientEmail, CreatedAt = now.AddDays(-30) };
        db.Clients.AddRange(ava, ben);
        await db.SaveChangesAsync(ct);

        var avaUser = await CreateUserAsync(users, ClientEmail, "Ava Lind", studio.Id, ava.Id, Roles.Client);
        var benUser = await CreateUserAsync(users, SecondClientEmail, "Ben Carter", studio.Id, ben.Id, Roles.Client);
        var asEngineer = WorkflowActor.Engineer(engineer.Id, studio.Id);
        var asAva = WorkflowActor.Client(avaUser.Id, ava.Id);
        var asBen = WorkflowActor.Client(benUser.Id, ben.Id);

        var songs = new Queue<DemoMixSynth.Song>(DemoMixSynth.Songs.Concat(DemoMixSynth.Songs.Select(s => s with { Seed = s.Seed + 100 })));
        var songOf = new Dictionary<Guid, DemoMixSynth.Song>();

        // 1. Ava's single, still a draft: the brief is written, not yet submitted.
        var draft = NewProject(studio, ava, "Paper Lanterns", ProjectKind.Single, today.AddDays(12), now.AddDays(-2), engineer.Id, ["Paper Lanterns"]);
        FillBrief(draft.Tracks[0].Brief!, TargetPlatforms.Spotify | TargetPlatforms.AppleMusic | TargetPlatforms.Custom, -11, "Indie folk",
            DeliveryFormats.Wav24 | DeliveryFormats.Mp3, ("Phoebe Bridgers – Motion Sickness", "The warm low end and the intimate vocal"),
            (72, 90, "The snare gets harsh in the second chorus"), "Please keep the room sound of the acoustic guitar.");

        // 2. Ben's single, submitted and past its due date: waiting on the engineer.
        var submitted = NewProject(studio, ben, "Late Bus Home", ProjectKind.Single, today.AddDays(-1), now.AddDays(-9), engineer.Id, ["Late Bus Home"]);
        FillBrief(submitted.Tracks[0].Brief!, TargetPlatforms.Spotify | TargetPlatforms.Vinyl, null, "Jazz", DeliveryFormats.Wav24 | DeliveryFormats.Wav16,
            ("Snarky Puppy – Lingus", "The punch of the drums without squashing the dynamics"), null, "Vinyl cut planned: keep the low end centred.");

        // 3. Ava's EP, in review: revision 1 of the first track is posted.
        var review = NewProject(studio, ava, "Tidewater EP", ProjectKind.EP, today.AddDays(3), now.AddDays(-12), engineer.Id,
            ["Tidewater", "Salt in the Air", "Harbour Lights"]);
        foreach (var track in review.Tracks)
            FillBrief(track.Brief!, TargetPlatforms.Spotify | TargetPlatforms.AppleMusic | TargetPlatforms.YouTube, null, "Dream pop",
                DeliveryFormats.Wav24 | DeliveryFormats.Aac, ("Beach House – Space Song", "The width and the soft top end"), null, "");

        // 4. Ben's EP, changes requested after revision 1.
        var changes = NewProject(studio, ben, "Blue Hour Sessions", ProjectKind.EP, today.AddDays(6), now.AddDays(-14), engineer.Id,
            ["Blue Hour", "Nightcap"]);
        foreach (var track in changes.Tracks)
            FillBrief(track.Brief!, TargetPlatforms.Spotify | TargetPlatforms.Tidal, null, "Jazz trio", DeliveryFormats.Wav24, null, null, "");

        // 5. Ava's single, approved and waiting for payment.
        var approved = NewProject(studio, ava, "Glasshouse", ProjectKind.Single, today.AddDays(-4), now.AddDays(-20), engineer.Id, ["Glasshouse"]);
        FillBrief(approved.Tracks[0].Brief!, TargetPlatforms.Spotify | TargetPlatforms.Cd, null, "Electropop", DeliveryFormats.Wav24 | DeliveryFormats.Wav16,
            null, null, "Loud but not crushed, please.");

        Project[] projects = [draft, submitted, review, changes, approved];
        db.Projects.AddRange(projects);
        await db.SaveChangesAsync(ct);

        // Each track's mix, uploaded by its client a little after the project was created. The mixes are
        // synthesised in parallel first: that is most of the seed's time.
        var allTracks = projects.SelectMany(p => p.Tracks).ToList();
        foreach (var track in allTracks) songOf[track.Id] = songs.Dequeue();
        var rendered = new System.Collections.Concurrent.ConcurrentDictionary<Guid, float[]>();
        Parallel.ForEach(allTracks, new ParallelOptions { CancellationToken = ct },
            track => rendered[track.Id] = DemoMixSynth.Render(songOf[track.Id], MixSeconds));
        foreach (var project in projects)
        {
            var uploader = project.ClientId == ava.Id ? avaUser.Id : benUser.Id;
            foreach (var track in project.Tracks)
            {
                var mix = await StoreAudioAsync(files, project, track, null, FileAssetKind.Mix, rendered[track.Id], songOf[track.Id].Seed,
                    $"{Slug(track.Title)}_mix.wav", uploader, project.CreatedAt.AddHours(3), ct);
                db.FileAssets.Add(mix);
                project.Events.Add(new ProjectEvent
                {
                    ProjectId = project.Id, At = mix.CreatedAt, ActorId = uploader, Kind = ProjectEventKind.FileAdded,
                    Description = $"Mix \"{mix.OriginalName}\" uploaded for \"{track.Title}\".",
                });
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var project in projects)
            foreach (var track in project.Tracks)
                track.CurrentMixId = project.Files.First(f => f.TrackId == track.Id && f.Kind == FileAssetKind.Mix).Id;
        await db.SaveChangesAsync(ct);

        // Move the projects through the workflow, at believable moments in the past.
        At(clock, submitted.CreatedAt.AddHours(5)); workflow.Submit(submitted, studio, asBen);

        At(clock, review.CreatedAt.AddDays(1)); workflow.Submit(review, studio, asAva);
        At(clock, review.CreatedAt.AddDays(2)); workflow.StartWork(review, asEngineer);
        var reviewRevision = await AddRevisionAsync(db, files, review, review.Tracks[0], 1, rendered[review.Tracks[0].Id], songOf[review.Tracks[0].Id], -10.5, now.AddDays(-2), studio, decode, withFfmpeg, ct);
        At(clock, now.AddDays(-2).AddHours(1));
        workflow.PostRevision(review, reviewRevision, asEngineer,
            "First pass: -10.5 LUFS integrated, true peak under -1 dBTP. Listen for the chorus: it is the loudest part now.");

        At(clock, changes.CreatedAt.AddDays(1)); workflow.Submit(changes, studio, asBen);
        At(clock, changes.CreatedAt.AddDays(2)); workflow.StartWork(changes, asEngineer);
        var changesRevision = await AddRevisionAsync(db, files, changes, changes.Tracks[0], 1, rendered[changes.Tracks[0].Id], songOf[changes.Tracks[0].Id], -12, now.AddDays(-6), studio, decode, withFfmpeg, ct);
        At(clock, now.AddDays(-5)); workflow.PostRevision(changes, changesRevision, asEngineer, "Revision 1: gentle glue compression, -12 LUFS.");
        At(clock, now.AddDays(-3));
        workflow.RequestChanges(changes, studio, asBen, "Could the upright bass come up a touch? It disappears on laptop speakers.");

        At(clock, approved.CreatedAt.AddDays(1)); workflow.Submit(approved, studio, asAva);
        At(clock, approved.CreatedAt.AddDays(1).AddHours(4)); workflow.StartWork(approved, asEngineer);
        var approvedRevision = await AddRevisionAsync(db, files, approved, approved.Tracks[0], 1, rendered[approved.Tracks[0].Id], songOf[approved.Tracks[0].Id], -8.5, now.AddDays(-8), studio, decode, withFfmpeg, ct);
        At(clock, now.AddDays(-8).AddHours(2)); workflow.PostRevision(approved, approvedRevision, asEngineer, "Loud but open: -8.5 LUFS, -1 dBTP.");
        At(clock, now.AddDays(-1)); workflow.Approve(approved, approvedRevision, asAva);

        await db.SaveChangesAsync(ct);

        // The checks of every mix and master run as jobs, as they would after an upload or a render.
        foreach (var file in projects.SelectMany(p => p.Files).Where(f => f.Kind == FileAssetKind.Mix || f is { Kind: FileAssetKind.Master, BitDepth: 24 }))
            await jobs.QueueAnalysisAsync(file.Id, ct);
    }

    static void At(SettableClock clock, DateTimeOffset when) => clock.Now = when;

    static async Task<PortalUser> CreateUserAsync(UserManager<PortalUser> users, string email, string name, Guid studioId, Guid? clientId, string role)
    {
        var user = new PortalUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, StudioId = studioId, ClientId = clientId,
        };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
            throw new InvalidOperationException($"Demo user {email} could not be created: {string.Join(" ", created.Errors.Select(e => e.Description))}");
        await users.AddToRoleAsync(user, role);
        return user;
    }

    static Project NewProject(Studio studio, Client client, string title, ProjectKind kind, DateOnly due, DateTimeOffset createdAt,
        string engineerId, string[] trackTitles)
    {
        var project = new Project
        {
            StudioId = studio.Id, ClientId = client.Id, Title = title, Kind = kind, DueDate = due, Currency = studio.Currency, CreatedAt = createdAt,
        };
        for (var i = 0; i < trackTitles.Length; i++)
            project.Tracks.Add(new Track { ProjectId = project.Id, Title = trackTitles[i], Position = i + 1, Brief = new Brief() });
        project.QuoteMinor = Core.Pricing.Quote.For(studio, project, trackTitles.Length).TotalMinor;
        project.Events.Add(new ProjectEvent
        {
            ProjectId = project.Id, At = createdAt, ActorId = engineerId, Kind = ProjectEventKind.Created,
            Description = $"Project created for {client.Name}.",
        });
        return project;
    }

    static void FillBrief(Brief brief, TargetPlatforms platforms, double? customLufs, string genre, DeliveryFormats formats,
        (string Title, string WhatToTake)? reference, (double Start, double End, string Text)? problem, string notes)
    {
        brief.TargetPlatforms = platforms;
        brief.CustomTargetLufs = customLufs;
        brief.Genre = genre;
        brief.DeliveryFormats = formats;
        brief.Notes = notes;
        if (reference is { } r) brief.References.Add(new ReferenceTrack { Title = r.Title, WhatToTake = r.WhatToTake });
        if (problem is { } p) brief.ProblemNotes.Add(new ProblemNote { StartSeconds = p.Start, EndSeconds = p.End, Text = p.Text });
    }

    /// <summary>
    /// A revision rendered by the engine from the track's mix: the default chain with a custom loudness target,
    /// every master the brief asks for and the client's preview stored, and the render's report kept, as a render
    /// job leaves them. Without ffmpeg (a bare machine) only the WAV masters are made and no preview.
    /// </summary>
    static async Task<Revision> AddRevisionAsync(PortalDbContext db, IFileStore files, Project project, Track track, int number,
        float[] mix, DemoMixSynth.Song song, double targetLufs, DateTimeOffset at, Studio studio, Audio.Codecs.AudioTools decode,
        bool withFfmpeg, CancellationToken ct)
    {
        var settings = new RenderSettings { Loudness = new LoudnessTarget { CustomLufs = targetLufs } };
        var revision = new Revision
        {
            TrackId = track.Id, Number = number, Status = RevisionStatus.Ready, ProgressPercent = 100, CreatedAt = at,
            SettingsJson = settings.ToJson(),
        };
        track.Revisions.Add(revision);
        db.Revisions.Add(revision);

        var work = Directory.CreateTempSubdirectory("mp-demo-render-");
        try
        {
            var mixPath = Path.Combine(work.FullName, "mix.wav");
            await File.WriteAllBytesAsync(mixPath, DemoWav.Encode24(mix, 2, DemoMixSynth.SampleRateHz, song.Seed), ct);
            var deliverables = RenderJob.DeliverablesFor(track.Brief?.DeliveryFormats ?? DeliveryFormats.Wav24);
            if (!withFfmpeg) deliverables &= Deliverables.Wav24 | Deliverables.Wav16;
            var outputs = new RenderOutputs(work.FullName, "master", deliverables);
            var result = await Task.Run(() => Renderer.Render(mixPath, settings, outputs, decode, ct: ct), ct);
            var ids = new Dictionary<Deliverables, Guid>();
            foreach (var file in result.Files)
            {
                var (suffix, format, bits, rate) = file.Kind switch
                {
                    Deliverables.Wav16 => ("_16bit.wav", "wav", (int?)16, Renderer.DistributionRateHz),
                    Deliverables.Mp3 => (".mp3", "mp3", null, Renderer.DistributionRateHz),
                    Deliverables.Aac => (".m4a", "aac", null, Renderer.DistributionRateHz),
                    Deliverables.Flac => (".flac", "flac", 24, DemoMixSynth.SampleRateHz),
                    _ => (".wav", "wav", 24, DemoMixSynth.SampleRateHz),
                };
                var master = await StoreFileAsync(files, project, track, revision, FileAssetKind.Master, file.Path,
                    $"{Slug(track.Title)}_master_r{number}{suffix}", format, bits, rate, mix.Length / 2 / (double)DemoMixSynth.SampleRateHz, at, ct);
                db.FileAssets.Add(master);
                ids[file.Kind] = master.Id;
            }
            if (withFfmpeg)
            {
                var previewPath = Path.Combine(work.FullName, "preview.mp3");
                PreviewEncoder.Encode(outputs.MasterPath, previewPath, new PreviewSettings(studio.PreviewBitrateKbps, studio.PreviewWatermarkEverySeconds), decode, ct);
                db.FileAssets.Add(await StoreFileAsync(files, project, track, revision, FileAssetKind.Preview, previewPath,
                    $"{Slug(track.Title)}_preview_r{number}.mp3", "mp3", null, DemoMixSynth.SampleRateHz, mix.Length / 2 / (double)DemoMixSynth.SampleRateHz, at, ct));
            }
            revision.RenderReportJson = RenderReport.From(result, ids).ToJson();
            return revision;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    static async Task<FileAsset> StoreFileAsync(IFileStore files, Project project, Track track, Revision revision, FileAssetKind kind, string path,
        string name, string format, int? bitDepth, int rateHz, double seconds, DateTimeOffset at, CancellationToken ct)
    {
        await using var content = File.OpenRead(path);
        var stored = await files.PutAsync(content, ct);
        var asset = new FileAsset
        {
            ProjectId = project.Id, TrackId = track.Id, RevisionId = revision.Id, Kind = kind, OriginalName = name, SizeBytes = stored.SizeBytes,
            Sha256 = stored.Sha256, StorageKey = stored.Key, Format = format, DurationSeconds = seconds, SampleRateHz = rateHz,
            BitDepth = bitDepth, Channels = 2, CreatedAt = at,
        };
        project.Files.Add(asset);
        return asset;
    }

    static async Task<FileAsset> StoreAudioAsync(IFileStore files, Project project, Track track, Guid? revisionId, FileAssetKind kind,
        float[] samples, uint ditherSeed, string name, string? uploadedById, DateTimeOffset at, CancellationToken ct)
    {
        var wav = DemoWav.Encode24(samples, 2, DemoMixSynth.SampleRateHz, ditherSeed);
        using var stream = new MemoryStream(wav, writable: false);
        var stored = await files.PutAsync(stream, ct);
        var asset = new FileAsset
        {
            ProjectId = project.Id, TrackId = track.Id, RevisionId = revisionId, Kind = kind, OriginalName = name,
            SizeBytes = stored.SizeBytes, Sha256 = stored.Sha256, StorageKey = stored.Key, Format = "wav",
            DurationSeconds = samples.Length / 2 / (double)DemoMixSynth.SampleRateHz, SampleRateHz = DemoMixSynth.SampleRateHz,
            BitDepth = 24, Channels = 2, UploadedById = uploadedById, CreatedAt = at,
        };
        project.Files.Add(asset);
        return asset;
    }

    static string Slug(string title) =>
        new string(title.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
}
