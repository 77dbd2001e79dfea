using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Pricing;

namespace MasteringPortal.Core.Workflow;

/// <summary>
/// A sample master before the client commits. The project stays a Draft with one track and its mix: the client asks
/// for a sample, the engineer renders a passage of 30-60 s and posts it, the client hears it beside the same passage
/// of the mix and then goes ahead, which submits the project as usual (the quote is fixed then) with the mix in place.
/// </summary>
public sealed partial class ProjectWorkflow
{
    /// <summary>A sample's passage is at least this long (seconds).</summary>
    public const double MinSampleSeconds = 30;

    /// <summary>A sample's passage is at most this long (seconds).</summary>
    public const double MaxSampleSeconds = 60;

    /// <summary>The client (or the engineer for them) asks for a sample master of the project's one mix.</summary>
    public ProjectEvent RequestSample(Project project, Studio studio, WorkflowActor actor, string? note)
    {
        if (WhyNotRequestSample(project, studio, actor) is { } refusal) throw new WorkflowException(refusal);
        project.SampleRequestedAt = clock.GetUtcNow();
        project.SampleRequestNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        var text = project.SampleRequestNote is null ? "" : $" Note: {project.SampleRequestNote}";
        return Append(project, actor, ProjectEventKind.SampleRequested, $"A sample master was requested.{text}");
    }

    /// <summary>Why this actor may not ask for a sample of the project now, in their words; null when they may.</summary>
    public static string? WhyNotRequestSample(Project project, Studio studio, WorkflowActor actor)
    {
        if (actor.Role is not (ActorRole.Client or ActorRole.Engineer)) return "Only the client or the engineer can ask for a sample.";
        if (!ProjectCapabilities.OwnsProject(actor, project)) return "This project belongs to someone else.";
        if (!studio.OffersSamples) return "This studio does not offer sample masters.";
        if (project.SampleRequestedAt is not null) return "A sample of this project has been requested already.";
        if (project.Status != ProjectStatus.Draft) return "This project is submitted already, so a sample is no longer needed.";
        if (project.Tracks.Count != 1) return "A sample is made of one song: keep one track in the project.";
        if (project.Tracks[0].CurrentMixId is null) return "Upload the mix first, then ask for a sample.";
        return null;
    }

    /// <summary>Whether the project is a sample request the client has not yet gone ahead with (the engineer renders samples now).</summary>
    public static bool IsOpenSample(Project project) =>
        project.SampleRequestedAt is not null && project.SampleCommittedAt is null && project.Status == ProjectStatus.Draft;

    /// <summary>The engineer posts a rendered sample to the client.</summary>
    public ProjectEvent PostSample(Project project, Revision revision, WorkflowActor actor, string? engineerNote = null)
    {
        if (actor.Role != ActorRole.Engineer) throw new WorkflowException("Only the engineer can post a sample to the client.");
        if (!ProjectCapabilities.OwnsProject(actor, project)) throw new WorkflowException("This project belongs to another studio.");
        if (!IsOpenSample(project)) throw new WorkflowException("This project is not waiting for a sample.");
        var track = project.Tracks.FirstOrDefault(t => t.Id == revision.TrackId)
            ?? throw new WorkflowException("This sample belongs to another project.");
        if (!revision.IsSample) throw new WorkflowException("Only a sample can be posted before the client goes ahead.");
        if (revision.Status != RevisionStatus.Ready)
            throw new WorkflowException(revision.Status == RevisionStatus.Failed
                ? "This sample failed to render; render it again before posting."
                : "This sample is still rendering; post it when it is ready.");
        if (revision.PostedAt is not null) throw new WorkflowException("This sample is already posted.");
        if (engineerNote is not null) revision.EngineerNote = engineerNote;
        revision.PostedAt = clock.GetUtcNow();
        var note = string.IsNullOrWhiteSpace(revision.EngineerNote) ? "" : $" Note: {revision.EngineerNote}";
        return Append(project, actor, ProjectEventKind.SamplePosted,
            $"A sample master of \"{track.Title}\" ({SamplePassage.Clock(revision.SampleStartSeconds ?? 0)}–{SamplePassage.Clock((revision.SampleStartSeconds ?? 0) + (revision.SampleLengthSeconds ?? 0))}) " +
            $"was posted.{note}");
    }

    /// <summary>
    /// The client goes ahead after hearing a posted sample: the project is submitted (its quote fixed from the studio's
    /// prices) with the mix already in place. A deposit, where the studio asks for one, is paid before this is called
    /// (Payments/PaymentFulfilment calls it when the deposit arrives).
    /// </summary>
    public ProjectEvent CommitAfterSample(Project project, Studio studio, WorkflowActor actor)
    {
        if (WhyNotCommit(project, actor) is { } refusal) throw new WorkflowException(refusal);
        project.SampleCommittedAt = clock.GetUtcNow();
        var submitted = Submit(project, studio, actor.Role == ActorRole.System ? ClientOf(project) : actor);
        submitted.Description = "Went ahead after the sample. " + submitted.Description;
        return submitted;
    }

    /// <summary>Why this actor may not go ahead after the sample now; null when they may.</summary>
    public static string? WhyNotCommit(Project project, WorkflowActor actor)
    {
        if (actor.Role is not (ActorRole.Client or ActorRole.System)) return "Only the client can go ahead after the sample.";
        if (!ProjectCapabilities.OwnsProject(actor, project)) return "This project belongs to another client.";
        if (project.SampleCommittedAt is not null || project.Status != ProjectStatus.Draft) return "You have gone ahead with this project already.";
        if (project.SampleRequestedAt is null) return "No sample was requested for this project.";
        if (!project.Tracks.SelectMany(t => t.Revisions).Any(r => r.IsSample && r.PostedAt is not null))
            return "The engineer has not posted the sample yet.";
        return null;
    }

    /// <summary>The deposit the studio asks for when a client goes ahead after a sample (0 when none), from the quote the submission will fix.</summary>
    public static Money SampleDeposit(Studio studio, Project project)
    {
        var quote = Quote.For(studio, project, Math.Max(1, project.Tracks.Count));
        var percent = Math.Clamp(studio.SampleDepositPercent, 0, 100);
        return new Money(quote.TotalMinor * percent / 100, quote.Currency);
    }

    /// <summary>A payment webhook commits for the project's client: the timeline names the client, not the system.</summary>
    static WorkflowActor ClientOf(Project project) => new(ActorRole.Client, null, null, project.ClientId);
}
