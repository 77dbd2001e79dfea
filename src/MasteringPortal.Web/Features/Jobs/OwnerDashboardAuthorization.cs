using Hangfire.Dashboard;
using MasteringPortal.Core.Access;
using MasteringPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MasteringPortal.Web.Features.Jobs;

/// <summary>
/// The Hangfire dashboard shows every job of the deployment, of every studio, and can delete or re-run them. Hangfire
/// cannot show one studio's jobs only, so it is the owner's alone, and only on an install that holds one studio (the
/// set-up page founds exactly one; an install hosting several keeps the dashboard closed, since any owner would see and
/// could re-run the other studios' jobs). The role is read from the database (as every access rule is), not trusted
/// from the cookie's claims: a removed or demoted member is refused at once.
/// </summary>
public sealed class OwnerDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (http.User.Identity?.IsAuthenticated != true) return false;
        await using var db = await http.RequestServices.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(http.RequestAborted);
        return await db.ViewerAsync(http.User, http.RequestAborted) is { IsOwner: true }
               && await db.Studios.CountAsync(http.RequestAborted) == 1;
    }
}
