using Hangfire.Dashboard;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Jobs;

/// <summary>
/// The Hangfire dashboard shows every job of the deployment, of every studio, and can delete or re-run them. Hangfire
/// cannot show one studio's jobs only, so it is the owners' alone, and the role is read from the database (as every
/// access rule is), not trusted from the cookie's claims: a removed or demoted member is refused at once.
/// </summary>
public sealed class OwnerDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated != true) return false;
        await using var db = await http.RequestServices.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(http.RequestAborted);
        return await db.ViewerAsync(http.User, http.RequestAborted) is { IsOwner: true };
    }
}
