namespace MasteringPortal.Core.Domain;

/// <summary>
/// What a member of a studio's team may do. The owner is the studio's first engineer and manages the team; an
/// engineer has every right on the studio's projects; an assistant prepares the work (uploads, analyses, renders)
/// but cannot post to the client, grant rounds or record payments. Which action needs which role is decided in
/// <see cref="Workflow.ProjectCapabilities"/>.
/// </summary>
public enum TeamRole
{
    Owner,
    Engineer,
    Assistant,
}
