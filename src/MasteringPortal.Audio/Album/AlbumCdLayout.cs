using MasteringPortal.Audio.Release;

namespace MasteringPortal.Audio.Album;

/// <summary>What a track brings to the CD besides its audio: its ISRC and CD-Text.</summary>
public sealed record AlbumTrackCodes(string? Isrc = null, CdTextFields? Text = null);

/// <summary>
/// The CD's table of contents from an album laid out on CD frames: the programme starts at the disc's 00:00:00 (the
/// pause before track 1 is its pregap), each track's index 00 is where the pause before it starts and index 01 where its
/// audio starts, and the lead-out follows the last frame. The audio for it is the same timeline assembled, converted to
/// 44.1 kHz if needed and dithered to 16 bits once (docs/ALBUM.md).
/// </summary>
public static class AlbumCdLayout
{
    public static CdProgramme ToCdProgramme(AlbumTimeline timeline, IReadOnlyList<AlbumTrackCodes> tracks, string? upcEan = null,
        CdTextFields? albumText = null)
    {
        if (!timeline.OnCdFrames)
            throw new InvalidOperationException("Lay the album out with cdFrames: true before making a CD of it.");
        if (tracks.Count != timeline.Tracks.Count)
            throw new ArgumentException($"{tracks.Count} tracks' codes for a timeline of {timeline.Tracks.Count} tracks.", nameof(tracks));
        var step = AlbumTimeline.FramesPerCdFrame(timeline.SampleRateHz)!.Value;
        var cdTracks = timeline.Tracks.Select((t, i) => new CdTrack(t.Number, CdFrame(t.PauseStartFrame, step), CdFrame(t.StartFrame, step),
            tracks[i].Isrc, tracks[i].Text, t.IndexFrames.Select(f => CdFrame(f, step)).ToList())).ToList();
        return new CdProgramme(cdTracks, CdFrame(timeline.LengthFrames, step), upcEan, albumText);
    }

    /// <summary>The nearest CD frame: exact for tracks after a pause or crossfade, within 1/150 s for a segue.</summary>
    static long CdFrame(long frame, int step) => (frame + step / 2) / step;
}
