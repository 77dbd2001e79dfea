using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Workflow;

namespace MasteringPortal.Core.Tests.Workflow;

/// <summary>
/// The capabilities table against the product's rules written out here independently, stage by stage, so a change
/// to the table that breaks a rule fails (the table is not read to make the expectation).
/// </summary>
public sealed class ProjectCapabilitiesTests
{
    const ProjectStatus D = ProjectStatus.Draft, S = ProjectStatus.Submitted, P = ProjectStatus.InProgress, R = ProjectStatus.InReview,
        C = ProjectStatus.ChangesRequested, A = ProjectStatus.Approved, Paid = ProjectStatus.Paid, Del = ProjectStatus.Delivered;

    /// <summary>(capability, the stages at which the engineer has it, the stages at which the client has it).</summary>
    public static TheoryData<ProjectCapability, ProjectStatus[], ProjectStatus[]> Rules => new()
    {
        // Clients send and replace files while drafting; the engineer until delivery.
        { ProjectCapability.Upload, [D, S, P, R, C, A, Paid], [D] },
        { ProjectCapability.EditBrief, [D], [D] },
        { ProjectCapability.AddTracks, [D, S], [D] },
        { ProjectCapability.ArrangeTracks, [D, S], [] },
        // An approved master is final; nothing is rendered before the client submits.
        { ProjectCapability.Render, [S, P, R, C], [] },
        { ProjectCapability.Comment, [D, S, P, R, C, A, Paid, Del], [D, S, P, R, C, A, Paid, Del] },
        // Full resolution for clients only once paid.
        { ProjectCapability.DownloadMasters, [D, S, P, R, C, A, Paid, Del], [Paid, Del] },
        // The album is sequenced by the studio from the first masters until delivery; its release details by anyone until then.
        { ProjectCapability.SequenceAlbum, [S, P, R, C, A, Paid], [] },
        { ProjectCapability.EditReleaseInfo, [D, S, P, R, C, A, Paid], [D, S, P, R, C, A, Paid] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_capability_is_open_at_exactly_the_stages_the_rules_give_each_role(ProjectCapability capability,
        ProjectStatus[] engineer, ProjectStatus[] client)
    {
        foreach (var status in Enum.GetValues<ProjectStatus>())
        {
            Assert.True(engineer.Contains(status) == ProjectCapabilities.Allows(capability, status, ActorRole.Engineer), $"engineer, {capability}, {status}");
            // An assistant works on the files as the engineer does; what they may not do is in the transition table.
            Assert.True(engineer.Contains(status) == ProjectCapabilities.Allows(capability, status, ActorRole.Assistant), $"assistant, {capability}, {status}");
            Assert.True(client.Contains(status) == ProjectCapabilities.Allows(capability, status, ActorRole.Client), $"client, {capability}, {status}");
            Assert.False(ProjectCapabilities.Allows(capability, status, ActorRole.System), $"system, {capability}, {status}");
        }
    }

    [Fact]
    public void Every_capability_has_a_rule_here()
    {
        var covered = Rules.Select(row => (ProjectCapability)row[0]).ToHashSet();
        Assert.Equal(Enum.GetValues<ProjectCapability>().ToHashSet(), covered);
    }

    [Fact]
    public void Paid_means_paid_or_delivered_and_nothing_else()
    {
        foreach (var status in Enum.GetValues<ProjectStatus>())
            Assert.Equal(status is Paid or Del, ProjectCapabilities.IsPaid(status));
    }

    [Fact]
    public void Another_studios_engineer_and_another_client_have_no_capability_on_the_project()
    {
        var project = new Project { StudioId = Guid.NewGuid(), ClientId = Guid.NewGuid(), Status = D };
        var strangers = new[] { WorkflowActor.Engineer("e2", Guid.NewGuid()), WorkflowActor.Client("c2", Guid.NewGuid()) };
        foreach (var stranger in strangers)
        foreach (var capability in Enum.GetValues<ProjectCapability>())
            Assert.False(ProjectCapabilities.Allows(capability, project, stranger), $"{stranger}, {capability}");
        Assert.True(ProjectCapabilities.Allows(ProjectCapability.EditBrief, project, WorkflowActor.Client("c1", project.ClientId)));
    }

    [Fact]
    public void A_client_is_refused_every_engineers_action_whatever_the_stage()
    {
        var project = new Project { StudioId = Guid.NewGuid(), ClientId = Guid.NewGuid() };
        var client = WorkflowActor.Client("c1", project.ClientId);
        ProjectAction[] engineersOnly = [ProjectAction.StartWork, ProjectAction.PostRevision, ProjectAction.MarkPaid, ProjectAction.Deliver,
            ProjectAction.GrantExtraRounds];
        foreach (var status in Enum.GetValues<ProjectStatus>())
        foreach (var action in engineersOnly)
        {
            project.Status = status;
            Assert.False(ProjectCapabilities.Allows(action, project, client), $"{action} at {status}");
            Assert.StartsWith("Only the engineer", ProjectWorkflow.WhyNotActor(action, project, client));
        }
    }
}
