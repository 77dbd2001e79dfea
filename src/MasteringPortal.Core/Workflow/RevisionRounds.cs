using MasteringPortal.Core.Domain;

namespace MasteringPortal.Core.Workflow;

/// <summary>
/// How many times the client may still ask for changes. The first revision is not a round; each
/// "request changes" uses one. Included rounds come from the studio, extra ones are granted (and priced).
/// </summary>
public readonly record struct RevisionRounds(int Used, int Included, int Extra)
{
    public int Allowed => Included + Extra;
    public int Remaining => Math.Max(0, Allowed - Used);

    public static RevisionRounds Of(Project project, Studio studio) =>
        new(project.RevisionRoundsUsed, studio.IncludedRevisionRounds, project.ExtraRoundsGranted);

    /// <summary>"1 of 2 included revision rounds used", or with extras "3 of 3 revision rounds used (2 included, 1 extra)".</summary>
    public override string ToString() => Extra == 0
        ? $"{Used} of {Included} included revision round{(Included == 1 ? "" : "s")} used"
        : $"{Used} of {Allowed} revision rounds used ({Included} included, {Extra} extra)";
}
