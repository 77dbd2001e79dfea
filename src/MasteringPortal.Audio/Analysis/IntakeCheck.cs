using System.Text.Json.Serialization;

namespace MasteringPortal.Audio.Analysis;

/// <summary>How a check came out. A problem blocks submission in the portal; a warning is advice.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckStatus>))]
public enum CheckStatus
{
    [JsonStringEnumMemberName("pass")] Pass,
    [JsonStringEnumMemberName("warning")] Warning,
    [JsonStringEnumMemberName("problem")] Problem,
}

/// <summary>One item of the mastering engineer's intake checklist.</summary>
/// <param name="Id">Stable identifier: headroom, clipping, bus-limiting, bit-depth, sample-rate, lossy-source, dc-offset, mono-compatibility, silence.</param>
/// <param name="Status">Pass, warning or problem.</param>
/// <param name="Message">One sentence of plain advice for the musician.</param>
public sealed record IntakeCheck(string Id, CheckStatus Status, string Message);
