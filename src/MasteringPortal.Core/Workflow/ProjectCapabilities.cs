using MasteringPortal.Core.Domain;

namespace MasteringPortal.Core.Workflow;

/// <summary>What someone on a project may do, apart from the workflow's own transitions (<see cref="ProjectTransitions"/>).</summary>
public enum ProjectCapability
{
    /// <summary>Upload or replace a mix or a reference file.</summary>
    Upload,
    /// <summary>Write the brief: references, notes on problem areas, targets.</summary>
    EditBrief,
    /// <summary>Add tracks.</summary>
    AddTracks,
    /// <summary>Rename and reorder tracks.</summary>
    ArrangeTracks,
    /// <summary>Render a revision in the workspace.</summary>
    Render,
    /// <summary>Comment on a posted revision (engineers: on any revision), answer and resolve threads.</summary>
    Comment,
    /// <summary>Stream or download the full-resolution masters (everyone hears previews before).</summary>
    DownloadMasters,
    /// <summary>Sequence an EP or album: running order, pauses, crossfades, fades, trims, album balance; assemble it.</summary>
    SequenceAlbum,
    /// <summary>Enter the release's metadata: titles' credits, ISRCs, the UPC/EAN, label and year.</summary>
    EditReleaseInfo,
}

/// <summary>
/// The one table of who may do what at which stage of a project, next to the workflow's transitions: pages ask it
/// which controls to show, commands and endpoints ask it before they change anything. "Paid" has one definition here.
/// </summary>
public static class ProjectCapabilities
{
    static readonly ProjectStatus[] Every = Enum.GetValues<ProjectStatus>();
    static readonly ProjectStatus[] BeforeWork = [ProjectStatus.Draft, ProjectStatus.Submitted];
    static readonly ProjectStatus[] Mastering =
        [ProjectStatus.Submitted, ProjectStatus.InProgress, ProjectStatus.InReview, ProjectStatus.ChangesRequested];

    /// <summary>
    /// Capability → the stages at which the engineer, an assistant and the client have it. An assistant works on the
    /// files as the engineer does (upload, analyse, render) and joins the conversation; what an assistant may not do
    /// (post a revision, grant rounds, record a payment, deliver) is in the transition table's "by" column.
    /// </summary>
    static readonly IReadOnlyDictionary<ProjectCapability, (ProjectStatus[] Engineer, ProjectStatus[] Assistant, ProjectStatus[] Client)> Table =
        new Dictionary<ProjectCapability, (ProjectStatus[], ProjectStatus[], ProjectStatus[])>
        {
            // The client sends files while drafting; the engineer until delivery (a corrected mix sent by e-mail).
            [ProjectCapability.Upload] = (Every.Except([ProjectStatus.Delivered]).ToArray(), Every.Except([ProjectStatus.Delivered]).ToArray(), [ProjectStatus.Draft]),
            // The brief is the client's to write while drafting (the engineer may fill it in for them).
            [ProjectCapability.EditBrief] = ([ProjectStatus.Draft], [ProjectStatus.Draft], [ProjectStatus.Draft]),
            [ProjectCapability.AddTracks] = (BeforeWork, BeforeWork, [ProjectStatus.Draft]),
            [ProjectCapability.ArrangeTracks] = (BeforeWork, BeforeWork, []),
            // From submission until the client approves: an approved master is final.
            [ProjectCapability.Render] = (Mastering, Mastering, []),
            [ProjectCapability.Comment] = (Every, Every, Every),
            [ProjectCapability.DownloadMasters] = (Every, Every, [ProjectStatus.Paid, ProjectStatus.Delivered]),
            // The engineer sequences from the first masters until delivery (the deliverables are made from the sequence).
            [ProjectCapability.SequenceAlbum] = (Mastering.Append(ProjectStatus.Approved).Append(ProjectStatus.Paid).ToArray(),
                Mastering.Append(ProjectStatus.Approved).Append(ProjectStatus.Paid).ToArray(), []),
            // Credits and codes come from the client's label as often as from the engineer: either may enter them until delivery.
            [ProjectCapability.EditReleaseInfo] = (Every.Except([ProjectStatus.Delivered]).ToArray(), Every.Except([ProjectStatus.Delivered]).ToArray(),
                Every.Except([ProjectStatus.Delivered]).ToArray()),
        };

    /// <summary>
    /// Whether someone may send a new mix for a track: the upload capability, or, for the client, a new mix the engineer
    /// asked for while mastering (the track was sent back to mixing: <see cref="Track.NewMixRequestedAt"/>).
    /// </summary>
    public static bool AllowsNewMix(ProjectStatus status, ActorRole role, bool newMixRequested) =>
        Allows(ProjectCapability.Upload, status, role)
        || (role == ActorRole.Client && newMixRequested && Mastering.Contains(status));

    /// <summary>
    /// Paid means the project reached Paid (or, after it, Delivered): the fulfilment moves it there in the same save as
    /// the payment row. An array, so database queries can use it too (<c>PaidStatuses.Contains(p.Status)</c>).
    /// </summary>
    public static readonly ProjectStatus[] PaidStatuses = [ProjectStatus.Paid, ProjectStatus.Delivered];

    public static bool IsPaid(ProjectStatus status) => PaidStatuses.Contains(status);

    /// <summary>Paid, and the money was neither refunded nor disputed since (<see cref="Project.PaymentReversed"/>).</summary>
    public static bool IsPaid(this Project project) => IsPaid(project.Status) && !project.PaymentReversed;

    /// <summary>
    /// Whether someone of <paramref name="role"/> on the project has <paramref name="capability"/> now: the stage, and
    /// for a client's masters also that the payment still stands (a refund or a chargeback locks them again).
    /// </summary>
    public static bool Allows(ProjectCapability capability, Project project, ActorRole role) =>
        Allows(capability, project.Status, role)
        && (role != ActorRole.Client || capability != ProjectCapability.DownloadMasters || !project.PaymentReversed);

    /// <summary>Whether someone of <paramref name="role"/> on the project has <paramref name="capability"/> at <paramref name="status"/> (the system has none).</summary>
    public static bool Allows(ProjectCapability capability, ProjectStatus status, ActorRole role)
    {
        var (engineer, assistant, client) = Table[capability];
        return role switch
        {
            ActorRole.Engineer => engineer.Contains(status),
            ActorRole.Assistant => assistant.Contains(status),
            ActorRole.Client => client.Contains(status),
            _ => false,
        };
    }

    /// <summary>Whether this actor, on their own project, has <paramref name="capability"/> at the project's stage (the system has none).</summary>
    public static bool Allows(ProjectCapability capability, Project project, WorkflowActor actor) =>
        OwnsProject(actor, project) && Allows(capability, project, actor.Role);

    /// <summary>Why files can no longer be added, in the words of the person trying (when <see cref="ProjectCapability.Upload"/> is refused).</summary>
    public static string WhyNotUpload(ActorRole role) => role != ActorRole.Client
        ? "This project has been delivered, so no more files can be added to it."
        : "This project has been submitted to the studio, so its files can no longer be changed here. " +
          "If you need to send a new mix, please ask your engineer.";

    /// <summary>The workflow's actions open to this actor at the project's stage (for showing buttons).</summary>
    public static IReadOnlyList<ProjectAction> AvailableActions(Project project, WorkflowActor actor) =>
        ProjectTransitions.All.Values
            .Where(t => t.From.Contains(project.Status) && t.By.Contains(actor.Role) && OwnsProject(actor, project))
            .Select(t => t.Action)
            .ToList();

    /// <summary>Whether the workflow's <paramref name="action"/> is open to this actor at the project's stage (the transition table).</summary>
    public static bool Allows(ProjectAction action, Project project, WorkflowActor actor) =>
        ProjectWorkflow.WhyNot(action, project, actor) is null;

    /// <summary>Clients act for their own client account, engineers and assistants for their studio, the system for any project.</summary>
    public static bool OwnsProject(WorkflowActor actor, Project project) => actor.Role switch
    {
        ActorRole.Client => actor.ClientId == project.ClientId,
        ActorRole.Engineer or ActorRole.Assistant => actor.StudioId == project.StudioId,
        _ => true,
    };
}
