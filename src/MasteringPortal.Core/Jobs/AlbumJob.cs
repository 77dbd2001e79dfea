using MasteringPortal.Audio;
using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.IO;
using MasteringPortal.Audio.Release;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Core.Jobs;

/// <summary>
/// Assembles an EP or album (<see cref="AlbumAssembly"/>, docs/ALBUM.md): the tracks' masters as the sequence froze them,
/// placed by the engine's <see cref="AlbumRenderer"/> into the programme (and for a CD its 44.1 kHz 16-bit version), then
/// the client's preview of the programme. Every master must still be the file the sequence names (same content hash): a
/// master replaced or removed since is refused in words. Files, report and the job's success are saved together.
/// Progress: assembly 0-85 % (0-50 % when vinyl sides are asked for, then the sides to 85 %: <see cref="AlbumVinyl"/>),
/// preview 85-99 %. Masters at another rate than 44.1 kHz are converted once for the CD and
/// kept by content hash under the job folders' root (<see cref="ConversionCacheFolder"/>): a cache only, safe to delete.
/// </summary>
public sealed class AlbumJob(IDbContextFactory<PortalDbContext> dbFactory, AudioTools tools, IFileStore store, JobRunnerOptions? options = null)
{
    /// <summary>Where the 44.1 kHz conversions of masters are kept between assemblies; null without job options (tests).</summary>
    public string? ConversionCacheFolder => options is null ? null : Path.Combine(options.WorkRoot, "album-cd-cache");

    public async Task RunAsync(RunningJobContext context)
    {
        var ct = context.Token;
        AlbumAssembly assembly;
        AlbumSequence sequence;
        Dictionary<Guid, FileAsset> masters;
        string projectTitle;
        Audio.Render.PreviewSettings preview;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            assembly = await db.AlbumAssemblies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == context.Job.TargetId, ct)
                ?? throw new JobRefusedException("This album assembly was removed before it could run.");
            sequence = AlbumSequence.FromJson(assembly.SequenceJson) is { Tracks.Count: > 0 } s
                ? s : throw new JobRefusedException("This album assembly's running order could not be read. Assemble the album again.");
            var ids = sequence.Tracks.Select(t => t.MasterFileId).ToList();
            masters = await db.FileAssets.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
            projectTitle = await db.Projects.Where(p => p.Id == assembly.ProjectId).Select(p => p.Title).SingleAsync(ct);
            preview = await RenderPreview.SettingsAsync(db, assembly.ProjectId, sample: false, ct);
        }

        var inputs = new List<AlbumInput>();
        foreach (var (track, i) in sequence.Tracks.Select((t, i) => (t, i)))
        {
            if (!masters.TryGetValue(track.MasterFileId, out var master) || master.RemovedAt is not null
                || !string.Equals(master.Sha256, track.MasterSha256, StringComparison.OrdinalIgnoreCase) || !store.Exists(master.StorageKey))
                throw new JobRefusedException(
                    $"Track {i + 1} (\"{track.Title}\"): the master of revision {track.RevisionNumber} is no longer the file this assembly was asked with. Assemble the album again.");
            var path = await context.LocalPathAsync(master.StorageKey);
            inputs.Add(new AlbumInput(path, track.Plan(), new AlbumTrackCodes(track.Isrc,
                new CdTextFields(track.Title, string.IsNullOrWhiteSpace(track.Artists) ? null : track.Artists,
                    Songwriter: string.IsNullOrWhiteSpace(track.Composer) ? null : track.Composer)), master.Sha256));
        }

        var folder = Path.Combine(context.WorkFolder, "album");
        Directory.CreateDirectory(folder);
        var request = new AlbumRenderRequest(inputs, Path.Combine(folder, "programme.wav"),
            sequence.ForCd ? Path.Combine(folder, "cd.wav") : null, sequence.UpcEan,
            new CdTextFields(string.IsNullOrWhiteSpace(sequence.Title) ? null : sequence.Title,
                string.IsNullOrWhiteSpace(sequence.Artist) ? null : sequence.Artist), ConversionCacheFolder);
        AlbumRenderResult result;
        // With vinyl sides asked for, the tracks are pre-mastered again and the sides written after the programme.
        var assembled = sequence.Vinyl is null ? 0.85 : 0.5;
        try
        {
            result = await context.WithProgressAsync(0, assembled, progress => Task.Run(() => AlbumRenderer.Render(request, tools, progress, ct), ct));
        }
        catch (AlbumTimelineException refused)
        {
            throw new JobRefusedException(refused.Message);
        }
        var vinyl = sequence.Vinyl is { } vinylRequest
            ? await AlbumVinyl.MakeAsync(context, dbFactory, tools, sequence, vinylRequest, inputs, result.Timeline, folder, assembled, 0.85)
            : null;
        var previewPath = Path.Combine(folder, "preview.mp3");
        await context.WithProgressAsync(0.85, 0.99, _ => Task.Run(() =>
        {
            RenderPreview.Encode(request.ProgrammePath, previewPath, preview, tools, ct);
            return true;
        }, ct));

        var stem = RenderedAssets.SafeTitle(string.IsNullOrWhiteSpace(sequence.Title) ? projectTitle : sequence.Title, "Album");
        var cdFiles = request.CdPath is { } cdWav && result.Cd is { } cd && result.RedBookProblems.Count == 0
            ? await Task.Run(() => CdFiles(cd, cdWav, Path.Combine(folder, "ddp"), stem, ct), ct)
            : null;
        var report = Report(result, sequence) with { CdFiles = cdFiles, Vinyl = vinyl?.Report };
        List<(string Path, FileAssetKind Kind, string Name)> files =
        [
            (request.ProgrammePath, FileAssetKind.AlbumProgramme, $"{stem} – album {assembly.Number}.wav"),
            (previewPath, FileAssetKind.AlbumPreview, $"{stem} – album {assembly.Number} (preview).mp3"),
        ];
        if (request.CdPath is { } cdPath) files.Add((cdPath, FileAssetKind.AlbumCd, $"{stem} – album {assembly.Number} (CD, 16-bit 44.1 kHz).wav"));
        foreach (var (sidePath, side) in (vinyl?.SidePaths ?? []).Zip(vinyl?.Report.Sides ?? []))
            files.Add((sidePath, FileAssetKind.VinylSide, $"{stem} – album {assembly.Number} (vinyl side {side.Label}).wav"));

        await StoredFiles.StoreThenSaveAsync(dbFactory, store, context, [], files.Select(f => f.Path).ToList(), async (_, stored) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var row = await context.RowForFinishAsync(db);
            var saved = await db.AlbumAssemblies.SingleOrDefaultAsync(a => a.Id == assembly.Id, CancellationToken.None)
                ?? throw new JobRefusedException("This album assembly was removed while it ran.");
            var assets = new RenderedAssets(tools, context);
            var rows = files.Select((f, i) => assets.AlbumFile(assembly.ProjectId, f.Kind, f.Name, f.Path, stored[i])).ToList();
            db.FileAssets.AddRange(rows);
            saved.ProgrammeFileId = rows[0].Id;
            saved.PreviewFileId = rows[1].Id;
            saved.CdFileId = rows.FirstOrDefault(r => r.Kind == FileAssetKind.AlbumCd)?.Id;
            var sideRows = rows.Where(r => r.Kind == FileAssetKind.VinylSide).ToList();
            saved.ReportJson = (report.Vinyl is { } made ? report with { Vinyl = AlbumVinyl.WithFiles(made, sideRows) } : report).ToJson();
            context.MarkSucceeded(row);
            await db.SaveChangesAsync(CancellationToken.None);
            await context.PublishAsync(row);
        });
    }

    /// <summary>
    /// Writes the DDP image of the CD programme from the CD WAV's samples, reads it back with our reader (checksums, table
    /// of contents, ISRCs and CD-Text must come back as written) and keeps its small files and the CUE sheet. A failure is
    /// the engine's, not the engineer's: the job fails with the reader's words rather than deliver an image that does not
    /// read back.
    /// </summary>
    public static AlbumCdFiles CdFiles(CdProgramme cd, string cdWavPath, string ddpFolder, string stem, CancellationToken ct)
    {
        DdpWriteResult written;
        using (var wav = File.OpenRead(cdWavPath))
        {
            var (offset, bytes, _) = WavData.Locate(wav);
            using var samples = new StreamWindow(wav, offset, bytes, ownsInner: false);
            written = DdpWriter.Write(ddpFolder, cd, samples, MasterId(stem), ct);
        }
        var image = DdpReader.Read(written.Folder, verifyChecksums: true);
        if (image.Programme.Tracks.Count != cd.Tracks.Count || image.Programme.LengthFrames != cd.LengthFrames
            || image.Programme.Tracks.Zip(cd.Tracks).Any(p => p.First.Index1Frame != p.Second.Index1Frame
                || !string.Equals(p.First.Isrc ?? "", p.Second.Isrc ?? "", StringComparison.Ordinal)))
            throw new InvalidOperationException("The DDP image written for this album does not read back as the album's table of contents.");
        var small = written.Files.Where(f => f.Name != DdpWriter.ImageFileName).Select(f => f.Name)
            .Append(DdpWriter.ChecksumFileName)
            .Select(name => new AlbumCdFile(name, File.ReadAllBytes(Path.Combine(written.Folder, name)))).ToList();
        var imageFile = written.Files.Single(f => f.Name == DdpWriter.ImageFileName);
        var cueAudio = stem + ".wav";
        var files = new AlbumCdFiles(small, imageFile.Bytes, imageFile.Md5, CueSheet.Write(cd, cueAudio), cueAudio);
        Directory.Delete(written.Folder, recursive: true);
        return files;
    }

    /// <summary>DDPID's master ID: the album's name in plain ASCII, at most 48 characters.</summary>
    static string MasterId(string stem)
    {
        var ascii = new string(stem.Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => c is >= ' ' and <= '~').ToArray()).Trim();
        return ascii.Length <= DdpWriter.MaximumMasterIdLength ? ascii : ascii[..DdpWriter.MaximumMasterIdLength].TrimEnd();
    }

    /// <summary>The report: each track's place in seconds, the CD's table of contents and findings.</summary>
    public static AlbumReport Report(AlbumRenderResult result, AlbumSequence sequence)
    {
        var t = result.Timeline;
        double Seconds(long frames) => Math.Round((double)frames / t.SampleRateHz, 6);
        var tracks = t.Tracks.Select((p, i) => new AlbumReportTrack(sequence.Tracks[i].TrackId, p.Number, sequence.Tracks[i].Title,
            Seconds(p.PauseStartFrame), Seconds(p.StartFrame), Seconds(p.EndFrame), Seconds(p.CrossfadeInFrames), sequence.Tracks[i].GainDb,
            Seconds(p.SourceStartFrame))).ToList();
        return new AlbumReport(t.SampleRateHz, Seconds(t.LengthFrames), tracks, result.Cd, result.RedBookProblems, sequence.Notes ?? [], EngineVersion.Current);
    }
}
