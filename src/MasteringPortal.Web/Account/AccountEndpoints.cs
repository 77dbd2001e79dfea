using MasteringPortal.Core.Domain;
using Microsoft.AspNetCore.Identity;

namespace MasteringPortal.Web.Account;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/logout", async (SignInManager<PortalUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });
    }
}
