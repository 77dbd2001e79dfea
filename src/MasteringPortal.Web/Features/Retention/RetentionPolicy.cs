using MasteringPortal.Core.Domain;

namespace MasteringPortal.Web.Features.Retention;

/// <summary>A studio's days after delivery for each kind of file the policy removes; 0 keeps that kind for good.</summary>
public sealed record RetentionPolicy(int MixDays, int PreviewDays, int UnapprovedRevisionDays)
{
    public static RetentionPolicy Of(Studio studio) =>
        new(studio.MixRetentionDays, studio.PreviewRetentionDays, studio.UnapprovedRevisionRetentionDays);

    public int Days(RetentionCategory category) => category switch
    {
        RetentionCategory.Mixes => MixDays,
        RetentionCategory.Previews => PreviewDays,
        _ => UnapprovedRevisionDays,
    };
}
