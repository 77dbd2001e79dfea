using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Tests.Payments;

namespace MasteringPortal.Web.Tests.Commands;

/// <summary>
/// Every timeline line has an audience: the client's project page shows the lines for everyone and none of the
/// studio's own (a revision rendered but not posted, a payment for the engineer to check), of every kind; the
/// engineer sees them all.
/// </summary>
public sealed class TimelineAudienceTests(ManualPortal portal) : IClassFixture<ManualPortal>
{
    static string Line(ProjectEventKind kind, EventAudience audience) => $"timeline-line-{kind}-{audience}-{Guid.NewGuid():N}"[..48];

    [Fact]
    public async Task The_client_sees_every_kind_of_line_meant_for_everyone_and_none_meant_for_the_studio()
    {
        var project = await portal.NewApprovedProjectAsync();
        var lines = new List<(ProjectEventKind Kind, EventAudience Audience, string Text)>();
        await using (var db = await portal.Db.CreateDbContextAsync())
        {
            var at = DateTimeOffset.UtcNow.AddHours(-1);
            foreach (var kind in Enum.GetValues<ProjectEventKind>())
            foreach (var audience in Enum.GetValues<EventAudience>())
            {
                var text = Line(kind, audience);
                lines.Add((kind, audience, text));
                at = at.AddSeconds(1);
                db.ProjectEvents.Add(new ProjectEvent { ProjectId = project.Id, At = at, Kind = kind, Audience = audience, Description = text });
            }
            await db.SaveChangesAsync();
        }

        using var ava = await portal.SignedInAsync(DemoSeeder.ClientEmail);
        var clientPage = await (await ava.GetAsync($"/projects/{project.Id}")).Content.ReadAsStringAsync();
        using var engineer = await portal.SignedInAsync(DemoSeeder.EngineerEmail);
        var engineerPage = await (await engineer.GetAsync($"/projects/{project.Id}")).Content.ReadAsStringAsync();

        foreach (var (kind, audience, text) in lines)
        {
            Assert.Contains(text, engineerPage);
            if (audience == EventAudience.Everyone) Assert.Contains(text, clientPage);
            else Assert.False(clientPage.Contains(text), $"The client sees the studio's {kind} line.");
        }
    }
}
