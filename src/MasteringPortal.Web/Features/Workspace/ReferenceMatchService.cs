using MasteringPortal.Audio;
using MasteringPortal.Audio.Codecs;
using MasteringPortal.Audio.Matching;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Storage;

namespace MasteringPortal.Web.Features.Workspace;

/// <summary>What a match came to: the settings and report, or why it could not be made, in words for the engineer.</summary>
public sealed record MatchOutcome(MatchResult? Result, string? Error);

/// <summary>
/// Runs a reference match for the workspace (docs/REFERENCE-MATCHING.md): the track's current mix against
/// chosen reference files of the same track's brief, read from the file store.
/// </summary>
public sealed class ReferenceMatchService(IFileStore store, AudioTools tools, ILogger<ReferenceMatchService> logger)
{
    public async Task<MatchOutcome> MatchAsync(WorkspaceSession session, IReadOnlyList<(Guid FileId, double Weight)> chosen, MatchOptions options,
        CancellationToken ct = default)
    {
        if (session.Mix is not { } mix) return new(null, "There is no mix for this track yet.");
        if (options.Validate() is { Count: > 0 } problems) return new(null, string.Join(" ", problems));
        var files = session.References.Select(r => r.File).OfType<FileAsset>().ToDictionary(f => f.Id);
        if (chosen.Count == 0 || chosen.Any(c => !files.ContainsKey(c.FileId)))
            return new(null, "Choose one or more of this track's uploaded references.");

        var work = Directory.CreateTempSubdirectory("mp-match-");
        try
        {
            var mixPath = await store.LocalPathAsync(mix.StorageKey, Path.Combine(work.FullName, "mix"), ct);
            var references = new List<ReferenceFile>();
            foreach (var (id, weight) in chosen)
                references.Add(new ReferenceFile(await store.LocalPathAsync(files[id].StorageKey, Path.Combine(work.FullName, id.ToString("N")), ct), weight));
            var result = await Task.Run(() => ReferenceMastering.Match(mixPath, references, options, tools, ct: ct), ct);
            // The report names files by their stored names; show the names the client gave them.
            var names = chosen.Select(c => files[c.FileId].OriginalName).ToList();
            var report = result.Report with
            {
                References = result.Report.References.Select((r, i) => i < names.Count ? r with { Name = names[i] } : r).ToList(),
            };
            return new(result with { Report = report }, null);
        }
        catch (MatchException refused)
        {
            return new(null, refused.Message);
        }
        catch (AudioFileException unreadable)
        {
            return new(null, $"The mix: {unreadable.Message}");
        }
        catch (FileNotFoundException)
        {
            return new(null, "A file is missing from the studio's storage. Upload it again.");
        }
        catch (Exception unexpected) when (unexpected is not OperationCanceledException)
        {
            logger.LogError(unexpected, "Reference match failed for track {TrackId}", session.TrackId);
            return new(null, "The match could not be made because of an unexpected error; the chain is unchanged.");
        }
        finally
        {
            try { work.Delete(recursive: true); } catch (IOException) { }
        }
    }
}
