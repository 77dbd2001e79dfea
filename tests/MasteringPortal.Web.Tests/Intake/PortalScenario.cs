using System.Security.Claims;
using MasteringPortal.Audio.Analysis;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Testing;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Intake;

/// <summary>
/// A portal of its own (demo studio seeded) for tests that change projects, with helpers that make a fresh
/// project in a chosen state, so tests never depend on each other's changes.
/// </summary>
public sealed class PortalScenario : DemoWorld
{
    /// <summary>A one-track project of Ava's in <paramref name="status"/>, its mix stored as a row, analysed as given (or not at all).</summary>
    public async Task<(Guid ProjectId, Guid TrackId, Guid MixId)> NewProjectAsync(ProjectStatus status, IntakeAnalysis? analysis = null,
        TargetPlatforms platforms = TargetPlatforms.Spotify, PortalJobState? analysisJob = null, string? jobFailure = null)
    {
        await using var db = await Db.CreateDbContextAsync();
        var project = People.NewProjectOfAvas($"Test {Guid.NewGuid():N}"[..20], status);
        var track = new Track { ProjectId = project.Id, Title = "Song", Position = 1, Brief = new Brief { TargetPlatforms = platforms } };
        project.Tracks.Add(track);
        var mix = new FileAsset
        {
            ProjectId = project.Id, TrackId = track.Id, Kind = FileAssetKind.Mix, OriginalName = "song_mix.wav", Format = "wav",
            SampleRateHz = 44100, Channels = 2, BitDepth = 24, SizeBytes = 1000, Sha256 = new string('a', 64), StorageKey = new string('a', 64),
        };
        project.Files.Add(mix);
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        track.CurrentMixId = mix.Id;
        if (analysis is not null)
            db.Analyses.Add(new Analysis
            {
                FileAssetId = mix.Id, IntegratedLufs = analysis.IntegratedLufs, TruePeakDbtp = analysis.TruePeakDbtp,
                SamplePeakDbfs = analysis.SamplePeakDbfs, LoudnessRangeLu = analysis.LoudnessRangeLu, ResultJson = analysis.ToJson(),
            });
        if (analysisJob is { } state)
            db.Set<PortalJob>().Add(new PortalJob
            {
                ProjectId = project.Id, Kind = PortalJobKind.Analysis, TargetId = mix.Id, State = state, FailureReason = jobFailure,
            });
        await db.SaveChangesAsync();
        return (project.Id, track.Id, mix.Id);
    }
}
