using System.Globalization;
using System.Text;
using MasteringPortal.Audio.Album;
using MasteringPortal.Audio.Release;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;
using MasteringPortal.Web.Features.Files;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Delivery;

/// <summary>One file of the delivery: the stored master and its place in the ZIP ("WAV 24-bit 48 kHz/01 Glasshouse.wav").</summary>
/// <param name="Provenance">For a revision uploaded from the engineer's own chain, which file is which (their master,
/// their own file for a format, or one the portal derived from their master); null for a rendered revision.</param>
public sealed record DeliveryItem(Track Track, FileAsset File, string EntryName, string? Provenance = null)
{
    /// <summary>The tags written into the file as it goes into the ZIP; null leaves the file as stored.</summary>
    public ReleaseTags? Tags { get; init; }

    /// <summary>The alternate version (instrumental, a cappella, …) this file is a master of; null for the main master.</summary>
    public TrackAlternate? Alternate { get; init; }
}

/// <summary>
/// A file of the delivery that is not a track's master: the album's programme, the CD's DDP image and CUE sheet with
/// its WAV, and the listing. Either <paramref name="Bytes"/> (a small file made for the delivery), or a stored
/// <paramref name="File"/> (whole, or with <paramref name="SamplesOnly"/> only its WAV sample data: a DDP image's
/// IMAGE.DAT).
/// </summary>
public sealed record DeliveryExtra(string EntryName, byte[]? Bytes = null, FileAsset? File = null, bool SamplesOnly = false)
{
    public ReleaseTags? Tags { get; init; }
}

/// <summary>The album's files in a delivery, or why they are not in it.</summary>
public sealed record DeliveryAlbum(AlbumAssembly Assembly, AlbumReport Report, IReadOnlyList<DeliveryExtra> Files, string? Omitted);

/// <summary>
/// What a project delivers (docs/ALBUM.md, "Delivery"): for every track, every master file (24-bit WAV, the brief's
/// 16-bit WAV, FLAC, MP3, AAC) of its approved revision, in folders by format and tagged with the release's metadata, and
/// beside them the same files of each of its alternate versions ("01 Title (Instrumental).wav", with the alternate's ISRC);
/// for an album with a posted assembly of the approved masters, the continuous programme, and for a CD layout the DDP
/// image and a CUE sheet with its WAV; and a text listing of it all. Clients get it once the project is paid (the
/// same rule as <see cref="FileAccessRules"/> for single files), engineers whenever there is something approved.
/// </summary>
public static class DeliveryPackage
{
    public const string ListingName = "Contents.txt";

    public static async Task<(FileDecision Decision, Project? Project, IReadOnlyList<DeliveryItem> Items)> LoadAsync(PortalDbContext db,
        PortalViewer? viewer, Guid projectId, CancellationToken ct = default)
    {
        var project = await db.VisibleProjects(viewer).AsNoTracking().Include(p => p.Tracks).Include(p => p.Studio)
            .FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null || viewer is null) return (FileDecision.NotFound, null, []);
        var items = await ItemsAsync(db, project, ct);
        if (!ProjectCapabilities.Allows(ProjectCapability.DownloadMasters, project, viewer.AsActor().Role))
            return (FileDecision.NotYet, project, items);
        return (FileDecision.Allowed, project, items);
    }

    /// <summary>The approved revisions' master files of a project (tracks loaded), in running order, each with its tags.</summary>
    public static async Task<IReadOnlyList<DeliveryItem>> ItemsAsync(PortalDbContext db, Project project, CancellationToken ct = default)
    {
        var approved = project.Tracks.Select(t => t.ApprovedRevisionId).OfType<Guid>().ToList();
        var files = await db.FileAssets.AsNoTracking()
            .Where(f => f.ProjectId == project.Id && f.Kind == FileAssetKind.Master && f.RevisionId != null && approved.Contains(f.RevisionId.Value))
            .ToListAsync(ct);
        var trackIds = project.Tracks.Select(t => t.Id).ToList();
        var alternates = (await db.TrackAlternates.AsNoTracking().Where(a => trackIds.Contains(a.TrackId)).ToListAsync(ct)).ToDictionary(a => a.Id);
        var uploadedMasters = await db.Revisions.AsNoTracking()
            .Where(r => approved.Contains(r.Id) && r.Origin == RevisionOrigin.UploadedMaster).Select(r => r.Id).ToListAsync(ct);
        var items = new List<DeliveryItem>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var width = project.Tracks.Count >= 100 ? 3 : 2;
        var ordered = project.Tracks.OrderBy(t => t.Position).ThenBy(t => t.Title).ToList();
        foreach (var track in ordered)
        {
            var number = track.Position.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
            // The main master's files first, then each alternate's (in the order of AlternateKind), every one in its format's folder.
            var ofTrack = files.Where(f => f.RevisionId == track.ApprovedRevisionId)
                .Select(f => (File: f, Alternate: f.TrackAlternateId is { } a ? alternates.GetValueOrDefault(a) : null))
                .Where(x => x.File.TrackAlternateId is null || x.Alternate is not null)
                .OrderBy(x => x.Alternate is null ? -1 : (int)x.Alternate.Kind).ThenBy(x => FormatOrder(x.File)).ThenBy(x => x.File.OriginalName);
            foreach (var (file, alternate) in ofTrack)
            {
                var extension = Path.GetExtension(file.OriginalName);
                var title = alternate is null ? track.Title : AlternateTitle(track, alternate);
                var entry = Unique(names, $"{FileEndpoints.SafeName(Describe(file))}/{number} {FileEndpoints.SafeName(title)}", extension);
                items.Add(new DeliveryItem(track, file, entry, uploadedMasters.Contains(file.RevisionId!.Value) ? Provenance(file, files) : null)
                {
                    Tags = Taggable(file) ? alternate is null ? TagsFor(project, track, ordered.Count) : TagsFor(project, track, alternate, ordered.Count) : null,
                    Alternate = alternate,
                });
            }
        }
        return items;
    }

    /// <summary>
    /// The album's files: those of the latest posted assembly, when it was made from the masters now approved (else
    /// none, and why). Null for a project without a posted assembly.
    /// </summary>
    public static async Task<DeliveryAlbum?> AlbumAsync(PortalDbContext db, Project project, CancellationToken ct = default)
    {
        var assembly = await db.AlbumAssemblies.AsNoTracking()
            .Where(a => a.ProjectId == project.Id && a.PostedAt != null && a.ProgrammeFileId != null)
            .OrderByDescending(a => a.Number).FirstOrDefaultAsync(ct);
        if (assembly is null || AlbumReport.FromJson(assembly.ReportJson) is not { } report || AlbumSequence.FromJson(assembly.SequenceJson) is not { } sequence)
            return null;
        var approved = project.Tracks.ToDictionary(t => t.Id, t => t.ApprovedRevisionId);
        var stale = sequence.Tracks.Where(t => !approved.TryGetValue(t.TrackId, out var a) || a != t.RevisionId).Select(t => t.Title).ToList();
        if (stale.Count > 0)
            return new DeliveryAlbum(assembly, report, [],
                $"The album files are not included: album {assembly.Number} was assembled from other revisions than the approved ones " +
                $"({string.Join(", ", stale.Select(t => $"\"{t}\""))}). Your engineer assembles it again from the approved masters.");

        var vinyl = report.Vinyl is { Failure: null } made ? made : null;
        var ids = new[] { assembly.ProgrammeFileId, assembly.CdFileId }.Concat(vinyl?.Sides.Select(s => s.FileId) ?? []).OfType<Guid>().ToList();
        var stored = await db.FileAssets.AsNoTracking().Where(f => ids.Contains(f.Id) && f.RemovedAt == null).ToDictionaryAsync(f => f.Id, ct);
        if (!stored.TryGetValue(assembly.ProgrammeFileId!.Value, out var programme))
            return new DeliveryAlbum(assembly, report, [], "The album files are not included: the album's audio is no longer stored. Please tell the studio.");

        var title = AlbumTitle(project, sequence);
        var stem = FileEndpoints.SafeName(title);
        var files = new List<DeliveryExtra>
        {
            new($"Album/{stem} (continuous, {Describe(programme)}).wav", File: programme) { Tags = AlbumTags(project, title, sequence.Tracks.Count) },
        };
        if (assembly.CdFileId is { } cdId && stored.TryGetValue(cdId, out var cd) && report.CdFiles is { } cdFiles)
        {
            foreach (var small in cdFiles.Ddp)
                files.Add(new DeliveryExtra($"CD/DDP image/{small.Name}", Bytes: small.Bytes));
            files.Add(new DeliveryExtra($"CD/DDP image/{DdpWriter.ImageFileName}", File: cd, SamplesOnly: true));
            files.Add(new DeliveryExtra($"CD/CUE sheet and WAV/{Path.GetFileNameWithoutExtension(cdFiles.CueAudioName)}.cue",
                Bytes: new UTF8Encoding(false).GetBytes(cdFiles.CueSheet)));
            files.Add(new DeliveryExtra($"CD/CUE sheet and WAV/{cdFiles.CueAudioName}", File: cd));
        }
        // The record's sides, one WAV each, as cutting rooms take them.
        foreach (var side in vinyl?.Sides ?? [])
            if (side.FileId is { } sideId && stored.TryGetValue(sideId, out var sideFile))
                files.Add(new DeliveryExtra($"Vinyl/{stem} – side {side.Label}.wav", File: sideFile)
                {
                    Tags = AlbumTags(project, title, sequence.Tracks.Count) with
                    {
                        Title = $"{title} – side {side.Label}",
                        Comment = $"Side {side.Label} of the record ({vinyl!.FormatName}): tracks {string.Join(", ", side.TrackNumbers)}, a pre-master for the cut.",
                    },
                });
        return new DeliveryAlbum(assembly, report, files, null);
    }

    /// <summary>The ZIP's name: the project's title, safe for a file name.</summary>
    public static string ZipName(Project project) => FileEndpoints.SafeName($"{project.Title} – masters.zip");

    /// <summary>How a deliverable is described to the client, and the name of its folder in the ZIP.</summary>
    public static string Describe(FileAsset file) => (file.Format, file.BitDepth) switch
    {
        ("mp3", _) => "MP3",
        ("aac", _) => "AAC (M4A)",
        (_, { } bits) when file.SampleRateHz is { } rate => $"{Container(file.Format)} {bits}-bit {rate / 1000.0:0.#} kHz",
        _ => Container(file.Format),
    };

    /// <summary>The tags of one track's files: its title, artists (else the album's artist), ISRC and composer, and the release's.</summary>
    public static ReleaseTags TagsFor(Project project, Track track, int trackCount) => new()
    {
        Title = track.Title,
        Artists = Either(track.Artists, project.AlbumArtist),
        Album = trackCount > 1 ? project.Title : null,
        AlbumArtist = Blank(project.AlbumArtist),
        Composer = Blank(track.Composer),
        Year = project.ReleaseYear,
        Label = Blank(project.Label),
        Isrc = Blank(track.Isrc),
        Upc = Blank(project.UpcEan),
        TrackNumber = track.Position,
        TrackTotal = trackCount,
    };

    /// <summary>
    /// The tags of an alternate version's files: the track's, with the alternate's title ("Title (Instrumental)") and its
    /// own ISRC (none rather than the main master's: each version of a recording has its own).
    /// </summary>
    public static ReleaseTags TagsFor(Project project, Track track, TrackAlternate alternate, int trackCount) =>
        TagsFor(project, track, trackCount) with { Title = AlternateTitle(track, alternate), Isrc = Blank(alternate.Isrc) };

    /// <summary>"Title (Instrumental)", "Title (A cappella)", "Title (Clean)", "Title (TV mix)".</summary>
    public static string AlternateTitle(Track track, TrackAlternate alternate) => $"{track.Title.Trim()} ({AlternateKinds.Title(alternate.Kind)})";

    static ReleaseTags AlbumTags(Project project, string title, int trackCount) => new()
    {
        Title = title,
        Artists = Blank(project.AlbumArtist),
        Album = title,
        AlbumArtist = Blank(project.AlbumArtist),
        Year = project.ReleaseYear,
        Label = Blank(project.Label),
        Upc = Blank(project.UpcEan),
        Comment = $"The whole album, {trackCount} tracks, as sequenced.",
    };

    static string AlbumTitle(Project project, AlbumSequence sequence) => string.IsNullOrWhiteSpace(sequence.Title) ? project.Title : sequence.Title;

    /// <summary>Formats whose tags the delivery writes: WAV (bext, LIST-INFO, iXML), FLAC, MP3 and AAC; AIFF goes as stored.</summary>
    public static bool Taggable(FileAsset file) => file.Format is "wav" or "flac" or "mp3" or "aac";

    /// <summary>
    /// The listing that opens the ZIP: the release's details, every track with its ISRC and revision, every file by
    /// format with its size and what was written into it, the album and CD files with the CD's table of contents, and
    /// anything left out and why.
    /// </summary>
    public static string Listing(Project project, IReadOnlyList<DeliveryItem> items, DeliveryAlbum? album, DateTimeOffset now)
    {
        var text = new StringBuilder();
        var line = (string s) => text.Append(s).Append("\r\n");
        line($"{project.Title}{(string.IsNullOrWhiteSpace(project.AlbumArtist) ? "" : " – " + project.AlbumArtist)}");
        line($"Masters delivered by {project.Studio?.Name ?? "the studio"} on {now:yyyy-MM-dd HH:mm} UTC, through MasteringPortal.");
        var release = new List<string>();
        if (!string.IsNullOrWhiteSpace(project.UpcEan)) release.Add($"UPC/EAN {project.UpcEan}");
        if (!string.IsNullOrWhiteSpace(project.Label)) release.Add($"label {project.Label}");
        if (project.ReleaseYear is { } year) release.Add($"year {year}");
        if (release.Count > 0) line(char.ToUpperInvariant(release[0][0]) + string.Join(", ", release)[1..] + ".");
        line("");
        line("TRACKS");
        foreach (var track in items.Select(i => i.Track).DistinctBy(t => t.Id))
        {
            var artists = Either(track.Artists, project.AlbumArtist);
            line($"  {track.Position:00}  {track.Title}{(artists is null ? "" : " – " + artists)}" +
                 $"{(string.IsNullOrWhiteSpace(track.Isrc) ? "  (no ISRC)" : "  ISRC " + track.Isrc)}");
            foreach (var alternate in items.Where(i => i.Track.Id == track.Id).Select(i => i.Alternate).OfType<TrackAlternate>().DistinctBy(a => a.Id))
                line($"      {AlternateTitle(track, alternate)}: {AlternateKinds.Words(alternate.Kind)}, mastered with the main master's chain and gain" +
                     $"{(string.IsNullOrWhiteSpace(alternate.Isrc) ? "  (no ISRC)" : "  ISRC " + alternate.Isrc)}");
        }
        line("");
        line("FILES, BY FORMAT");
        foreach (var folder in items.GroupBy(i => i.EntryName[..i.EntryName.IndexOf('/')]))
        {
            line($"  {folder.Key}/");
            foreach (var item in folder)
                line($"    {item.EntryName[(item.EntryName.IndexOf('/') + 1)..]}  {Size(item.File.SizeBytes)}" +
                     (item.Provenance is { } p ? $"  ({p})" : ""));
        }
        line("  Tags: title, artists, album, composer, year, label, ISRC, UPC/EAN and track number are written into every WAV");
        line("  (bext with its loudness fields and the ISRC, LIST-INFO and iXML), FLAC (Vorbis comments), MP3 (ID3v2.4) and AAC");
        line("  (MP4 tags); the audio itself is exactly as mastered. AIFF files go as stored. The files on the project page, one by");
        line("  one, are the untagged masters.");
        if (album is not null)
        {
            line("");
            line($"ALBUM (assembly {album.Assembly.Number})");
            if (album.Omitted is { } omitted) line("  " + omitted);
            foreach (var file in album.Files.Where(f => f.File is not null && !f.SamplesOnly && f.EntryName.StartsWith("Album/", StringComparison.Ordinal)))
                line($"  {file.EntryName}  {Size(file.File!.SizeBytes)}: the whole album in one file, with its gaps, crossfades and fades.");
            var report = album.Report;
            if (album.Omitted is null && report.Cd is { } cd)
            {
                line("");
                line("CD");
                if (report.CdFiles is { } cdFiles)
                {
                    line($"  CD/DDP image/: DDP 2.00 for replication, {cd.Tracks.Count} tracks, {CdTime.Msf(cd.LengthFrames)} (min:sec:frame).");
                    line($"    IMAGE.DAT {Size(cdFiles.ImageBytes)}, MD5 {cdFiles.ImageMd5}; CHECKSUM.MD5 lists every file of the image.");
                    line($"  CD/CUE sheet and WAV/: the same programme as a 16-bit 44.1 kHz WAV (dithered once) with its CUE sheet.");
                }
                else
                {
                    line("  No DDP image or CUE sheet: the album breaks the CD rules. " + string.Join(" ", report.RedBookProblems));
                }
                line("  Table of contents:");
                foreach (var t in cd.Tracks)
                    line($"    {t.Number:00}  {CdTime.Msf(t.Index1Frame)}{(t.Index0Frame < t.Index1Frame ? $" (pause from {CdTime.Msf(t.Index0Frame)})" : "")}" +
                         $"{(string.IsNullOrWhiteSpace(t.Isrc) ? "" : "  ISRC " + t.Isrc)}  {t.TextOrNone.Title}" +
                         string.Concat(t.ExtraIndexes.Select((f, k) => $"; index {k + 2:00} at {CdTime.Msf(f)}")));
            }
            var sides = album.Files.Where(f => f.File is not null && f.EntryName.StartsWith("Vinyl/", StringComparison.Ordinal)).ToList();
            if (album.Omitted is null && report.Vinyl is { Failure: null } vinyl && sides.Count > 0)
            {
                line("");
                line($"VINYL ({vinyl.FormatName})");
                line($"  {vinyl.Summary}");
                foreach (var (file, side) in sides.Zip(vinyl.Sides.Where(s => s.FileId is not null)))
                    line($"  {file.EntryName}  {Size(file.File!.SizeBytes)}: tracks {string.Join(", ", side.TrackNumbers)}, {VinylSides.Clock(side.Seconds)}.");
                line("  Pre-masters for the lacquer cut: no limiter, peaks under -3 dBFS, " +
                     (vinyl.MonoBassBelowHz > 0 ? $"bass in mono below {vinyl.MonoBassBelowHz.ToString("0", CultureInfo.InvariantCulture)} Hz." : "bass left in stereo."));
            }
        }
        line("");
        line($"{ListingName} lists this delivery; keep it with the files.");
        return text.ToString();
    }

    static string Size(long bytes) => bytes >= 1 << 20
        ? (bytes / (double)(1 << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
        : Math.Max(1, bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KB";

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static string? Either(string? value, string? fallback) => Blank(value) ?? Blank(fallback);

    static string Unique(HashSet<string> names, string stem, string extension)
    {
        var name = stem + extension;
        for (var n = 2; !names.Add(name); n++) name = $"{stem} ({n}){extension}";
        return name;
    }

    static string Container(string format) => format switch
    {
        "wav" or "rf64" or "bw64" => "WAV",
        "aiff" or "aifc" => "AIFF",
        _ => format.ToUpperInvariant(),
    };

    /// <summary>
    /// Which file of an uploaded master's revision this is: the engineer's master, their own file, or derived by the portal;
    /// for an alternate version, the same of its own master (the first uploaded file of that version in the revision).
    /// </summary>
    static string Provenance(FileAsset file, IReadOnlyList<FileAsset> files)
    {
        if (file.UploadedById is null) return "derived by the portal from the engineer's master";
        var master = files.Where(f => f.RevisionId == file.RevisionId && f.TrackAlternateId == file.TrackAlternateId && f.UploadedById is not null)
            .MinBy(f => f.CreatedAt);
        return master?.Id == file.Id ? "the engineer's master" : "the engineer's own file";
    }

    /// <summary>The master first (WAV, AIFF or FLAC at 24 bits or more), then the 16-bit file, the FLAC derived from the master, MP3, AAC.</summary>
    static int FormatOrder(FileAsset f) => (f.Format, f.BitDepth) switch
    {
        ("mp3", _) => 3,
        ("aac", _) => 4,
        ("flac", _) when f.UploadedById is null => 2,
        (_, >= 24) => 0,
        _ => 1,
    };
}
