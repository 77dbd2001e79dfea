using MasteringPortal.Core.Access;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;

namespace MasteringPortal.Web.Features.Uploads;

/// <summary>Which kind of file someone may upload at a project's stage, with the refusal in their words.</summary>
public static class UploadStages
{
    /// <summary>
    /// Who may upload when (the capabilities table): the studio's team at any stage before delivery; a client while the
    /// project is a draft, and afterwards only the new mix of a track the engineer sent back to mixing. An alternate's mix
    /// (instrumental, a cappella, …) follows the rule of the main mix.
    /// </summary>
    public static UploadError? WhyNotNow(PortalViewer viewer, ProjectStatus status, UploadKind kind, bool newMixRequested)
    {
        if (kind is UploadKind.Mix or UploadKind.AlternateMix)
            return ProjectCapabilities.AllowsNewMix(status, viewer.AsActor().Role, newMixRequested)
                ? null
                : new UploadError(UploadFailure.NotAllowedNow, ProjectCapabilities.WhyNotUpload(viewer.AsActor().Role));
        if (kind is UploadKind.Master or UploadKind.Deliverable or UploadKind.AlternateMaster)
            return !viewer.IsTeam
                ? new UploadError(UploadFailure.NotAllowedNow, "Only the engineer can upload a master.")
                : ProjectCapabilities.Allows(ProjectCapability.Render, status, viewer.AsActor().Role)
                    ? null
                    : new UploadError(UploadFailure.NotAllowedNow,
                        "This project is not open for new revisions: masters can be added from submission until the client approves.");
        return ProjectCapabilities.Allows(ProjectCapability.Upload, status, viewer.AsActor().Role)
            ? null
            : new UploadError(UploadFailure.NotAllowedNow, ProjectCapabilities.WhyNotUpload(viewer.AsActor().Role));
    }
}
