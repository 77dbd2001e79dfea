namespace MasteringPortal.Audio.Release;

/// <summary>
/// Compact Disc Digital Audio time (IEC 60908, "Red Book"): 44.1 kHz, 16-bit stereo, counted in frames (sectors) of
/// 1/75 s = 588 sample frames = 2352 bytes. Times on a disc are written minutes:seconds:frames ("MSF").
/// </summary>
public static class CdTime
{
    public const int SampleRateHz = 44_100;
    public const int FramesPerSecond = 75;
    public const int SamplesPerFrame = 588;
    public const int BytesPerFrame = 2352;

    /// <summary>The pause before track 1 that every disc has: 2 s, 150 frames (index 00 of track 1 at 00:00:00).</summary>
    public const int FirstPregapFrames = 2 * FramesPerSecond;

    /// <summary>The shortest track Red Book allows: 4 s.</summary>
    public const int MinimumTrackFrames = 4 * FramesPerSecond;

    public const int MaximumTracks = 99;

    /// <summary>The longest programme the Red Book check accepts: 79:57:00 (a standard 80-minute blank's safe limit).</summary>
    public const long MaximumProgrammeFrames = (79L * 60 + 57) * FramesPerSecond;

    /// <summary>"mm:ss:ff", minutes unbounded (a CUE sheet's and the DDP PQ descriptor's notation).</summary>
    public static string Msf(long frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        return $"{frames / (60 * FramesPerSecond):00}:{frames / FramesPerSecond % 60:00}:{frames % FramesPerSecond:00}";
    }
}

/// <summary>CD-Text for the album (disc) or one track: the fields a CD player and a ripper show. Null or empty: not written.</summary>
public sealed record CdTextFields(string? Title = null, string? Performer = null, string? Songwriter = null, string? Composer = null,
    string? Arranger = null, string? Message = null)
{
    public static readonly CdTextFields None = new();
    public bool IsEmpty => string.IsNullOrEmpty(Title) && string.IsNullOrEmpty(Performer) && string.IsNullOrEmpty(Songwriter)
        && string.IsNullOrEmpty(Composer) && string.IsNullOrEmpty(Arranger) && string.IsNullOrEmpty(Message);
}

/// <summary>
/// One track of a CD programme. Frames count from the start of the programme, which is the start of track 1's pregap
/// (00:00:00). <paramref name="Index0Frame"/> is where the pause before the track starts (equal to
/// <paramref name="Index1Frame"/> when there is none, as for a segue); <paramref name="Index1Frame"/> is where the track
/// starts (what a player jumps to). <paramref name="ExtraIndexFrames"/>: index 02, 03, … inside the track, in order.
/// </summary>
public sealed record CdTrack(int Number, long Index0Frame, long Index1Frame, string? Isrc = null, CdTextFields? Text = null,
    IReadOnlyList<long>? ExtraIndexFrames = null)
{
    public CdTextFields TextOrNone => Text ?? CdTextFields.None;
    public IReadOnlyList<long> ExtraIndexes => ExtraIndexFrames ?? [];
}

/// <summary>
/// A whole CD: its tracks in order, its length in frames (the lead-out starts there), the UPC/EAN of the release
/// (the disc's "media catalogue number") and the album's CD-Text. The audio itself is separate: exactly
/// <see cref="LengthFrames"/> × <see cref="CdTime.BytesPerFrame"/> bytes of 16-bit little-endian interleaved stereo PCM,
/// the same bytes a 44.1 kHz 16-bit WAV holds in its data chunk.
/// </summary>
public sealed record CdProgramme(IReadOnlyList<CdTrack> Tracks, long LengthFrames, string? UpcEan = null, CdTextFields? AlbumText = null)
{
    public CdTextFields AlbumTextOrNone => AlbumText ?? CdTextFields.None;

    public long LengthBytes => LengthFrames * CdTime.BytesPerFrame;

    /// <summary>True when any track or the album has CD-Text to write.</summary>
    public bool HasCdText => !AlbumTextOrNone.IsEmpty || Tracks.Any(t => !t.TextOrNone.IsEmpty);
}
