using System.Security.Claims;
using MasteringPortal.Audio.Render;
using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Core.Jobs;
using MasteringPortal.Web.Demo;
using MasteringPortal.Web.Features.Projects;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Testing.UploadLoad;

/// <summary>One client of the load: their account, the draft they upload to, the address they speak from.</summary>
public sealed record LoadClient(int Index, string Email, string Password, Guid ProjectId, Guid TrackId, string Address);

/// <summary>
/// The people of an upload load in a demo portal: <c>count</c> clients of the demo studio, each with an account and a
/// one-track draft made through the engineer's command path, each behind its own address; and renders of the demo's
/// mixes queued as the engineer's workspace queues them.
/// </summary>
public static class LoadPeople
{
    public const string Password = "Load-client-1";

    public static async Task<IReadOnlyList<LoadClient>> CreateAsync(IServiceProvider services, int count)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var commands = scope.ServiceProvider.GetRequiredService<ProjectCommands>();
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var engineer = await db.Users.AsNoTracking().SingleAsync(u => u.Email == DemoSeeder.EngineerEmail);
        var asEngineer = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, engineer.Id)], "load"));
        var clients = new List<LoadClient>();
        for (var i = 0; i < count; i++)
        {
            var email = $"load-{i}@load.test";
            var client = new Client { StudioId = engineer.StudioId, Name = $"Load client {i}", Email = email };
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = client.Name, StudioId = client.StudioId, ClientId = client.Id };
            Check((await users.CreateAsync(user, Password)).Succeeded, email);
            Check((await users.AddToRoleAsync(user, Roles.Client)).Succeeded, email);
            var projectId = await commands.CreateProjectAsync(asEngineer, new NewProjectForm { ClientId = client.Id, Title = $"Load single {i}", TrackTitles = "Song" })
                ?? throw new InvalidOperationException("the engineer could not create a project");
            var trackId = await db.Tracks.Where(t => t.ProjectId == projectId).Select(t => t.Id).SingleAsync();
            clients.Add(new LoadClient(i, email, Password, projectId, trackId, $"10.77.{i / 250}.{i % 250 + 1}"));
        }
        return clients;
    }

    /// <summary>Queues <paramref name="count"/> renders (default chain) of the demo tracks that have a mix; their job ids.</summary>
    public static async Task<IReadOnlyList<Guid>> QueueRendersAsync(IServiceProvider services, int count)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var tracks = await db.Tracks.Where(t => t.CurrentMixId != null).OrderBy(t => t.Id).ToListAsync();
        var jobs = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var track = tracks[i % tracks.Count];
            var number = await db.Revisions.Where(r => r.TrackId == track.Id).MaxAsync(r => (int?)r.Number) ?? 0;
            var revision = new Revision { TrackId = track.Id, Number = number + 1, SettingsJson = new RenderSettings().ToJson(), Status = RevisionStatus.Queued };
            db.Revisions.Add(revision);
            await db.SaveChangesAsync();
            jobs.Add(await services.GetRequiredService<IPortalJobs>().QueueRenderAsync(revision.Id));
        }
        return jobs;
    }

    static void Check(bool succeeded, string email)
    {
        if (!succeeded) throw new InvalidOperationException($"The load client {email} could not be created.");
    }
}
