using MasteringPortal.Audio.Analysis;
using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace MasteringPortal.Web.Features.Review;

/// <summary>
/// <see cref="ReviewFigures"/> by analysis id. An analysis row never changes (a new analysis is a new row), so its
/// figures are computed once: the stored JSON of an analysis with its waveform peaks is about a megabyte per
/// five minutes of audio, too much to parse again for every open page on every push. Only the latest analysis
/// id of each file is read from the database; the JSON only on a miss.
/// </summary>
public sealed class ReviewFigureCache(ILogger<ReviewFigureCache> logger)
{
    readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 256 });

    /// <summary>The figures of the latest analysis of each file that has one, by file id.</summary>
    public async Task<IReadOnlyDictionary<Guid, ReviewFigures>> ForFilesAsync(PortalDbContext db, IReadOnlyCollection<Guid> fileIds,
        CancellationToken ct)
    {
        var result = new Dictionary<Guid, ReviewFigures>();
        if (fileIds.Count == 0) return result;
        var latest = (await db.Analyses.AsNoTracking().Where(a => fileIds.Contains(a.FileAssetId))
                .Select(a => new { a.Id, a.FileAssetId, a.CreatedAt }).ToListAsync(ct))
            .GroupBy(a => a.FileAssetId)
            .Select(g => g.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).First())
            .ToList();
        var missing = new List<Guid>();
        foreach (var a in latest)
        {
            if (_cache.TryGetValue(a.Id, out ReviewFigures? figures) && figures is not null) result[a.FileAssetId] = figures;
            else missing.Add(a.Id);
        }
        if (missing.Count == 0) return result;
        var rows = await db.Analyses.AsNoTracking().Where(a => missing.Contains(a.Id))
            .Select(a => new { a.Id, a.FileAssetId, a.ResultJson }).ToListAsync(ct);
        foreach (var row in rows)
        {
            if (Build(row.Id, row.ResultJson) is not { } figures) continue;
            _cache.Set(row.Id, figures, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(6) });
            result[row.FileAssetId] = figures;
        }
        return result;
    }

    ReviewFigures? Build(Guid analysisId, string json)
    {
        try
        {
            return IntakeAnalysis.FromJson(json) is { } analysis ? ReviewFigureBuilder.From(analysis) : null;
        }
        catch (System.Text.Json.JsonException e)
        {
            logger.LogWarning(e, "The stored analysis {AnalysisId} cannot be read; the review page shows its source without figures", analysisId);
            return null;
        }
    }
}
