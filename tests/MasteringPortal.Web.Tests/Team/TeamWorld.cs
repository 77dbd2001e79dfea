using System.Net;
using System.Security.Claims;
using MasteringPortal.Core.Domain;
using MasteringPortal.Testing;
using MasteringPortal.Web.Features.Team;
using MasteringPortal.Web.Tests.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MasteringPortal.Web.Tests.Team;

/// <summary>The demo studio, whose engineer is its owner, with helpers to bring people onto its team through invitation links.</summary>
public class TeamWorld : DemoWorld
{
    public const string MemberPassword = "mixing-desk-by-the-window";

    public HttpClient NewClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public T Service<T>() where T : notnull => Factory.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    /// <summary>The owner invites <paramref name="role"/>; the invitee signs up from the link. Returns their signed-in client and their id.</summary>
    public async Task<(HttpClient Browser, string UserId, ClaimsPrincipal Principal)> JoinAsync(TeamRole role, string name)
    {
        var email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@studio.example";
        var link = await Service<TeamService>().InviteAsync(Engineer, new TeamInvitationForm { Email = email, Role = role }, "http://localhost/");
        Assert.NotNull(link);
        var browser = NewClient();
        var response = await Forms.SignUpAsync(browser, link.Url, name, MemberPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var user = await Service<UserManager<PortalUser>>().FindByEmailAsync(email);
        return (browser, user!.Id, DemoPeople.Principal(user.Id));
    }
}
