using MasteringPortal.Core.Data;
using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Features.Account.TwoFactor;
using MasteringPortal.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace MasteringPortal.Web.Features.Account;

/// <summary>
/// Accounts: cookie sign-in with ASP.NET Core Identity (team and client roles, passwords of at least 12 characters), the sign-in and invitation sign-up pages, and sign-out.
/// </summary>
public static class AccountFeature
{
    public static WebApplicationBuilder AddAccount(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentity<PortalUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                // Length is what makes a password hard to guess (NIST SP 800-63B): at least 12 characters, and no
                // composition rules, which push people to "Password1!" and sticky notes. A passphrase is welcome.
                options.Password.RequiredLength = 12;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                // Identity's defaults, stated so nobody weakens them by accident: 5 failures lock for 5 minutes.
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddDefaultTokenProviders()
            .AddTwoFactor(builder.Configuration);

        var secure = PublicAddress.From(builder.Configuration).IsHttps;
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/not-found";
            // Served over HTTPS, the cookie is Secure and __Host- prefixed: no plain-HTTP page or sibling domain can set
            // or read it. The demo on http://127.0.0.1 keeps a plain name.
            options.Cookie.Name = secure ? "__Host-mp.auth" : "mp.auth";
            options.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            // API-style requests (uploads, file streams, hub negotiation) get 401/403, not a redirect to a page.
            options.Events.OnRedirectToLogin = context => RejectOrRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RejectOrRedirect(context, StatusCodes.Status403Forbidden);
        });

        // The cookie's security stamp is checked against the database on every request (by default): a removed team
        // member or someone who signed out everywhere is refused at once, at the cost of one user lookup per request.
        services.Configure<SecurityStampValidatorOptions>(options =>
            options.ValidationInterval = TimeSpan.FromSeconds(builder.Configuration.GetValue("Account:SessionCheckSeconds", 0)));
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidation>();

        services.AddPortalKeys(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddAuthorization();
        services.AddScoped<InvitationSignUp>();
        services.AddScoped<PasswordResets>();
        services.AddScoped<EmailConfirmations>();
        return builder;
    }

    public static WebApplication MapAccount(this WebApplication app)
    {
        // The form's token is checked here: an endpoint that binds no form field is not validated by the antiforgery
        // middleware on its own, and without the check any site could sign a user out with a hidden form.
        app.MapPost("/account/logout", async Task<IResult> (HttpContext context, IAntiforgery antiforgery, SignInManager<PortalUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not signed out",
                    detail: "This sign-out did not come from the portal's own page. To sign out, use the Sign out button at the top of the portal.");
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });
        // A new security stamp makes every cookie and open page of this account invalid, this one included.
        app.MapPost("/account/signout-everywhere", async (HttpContext context, UserManager<PortalUser> users, SignInManager<PortalUser> signIn) =>
        {
            if (await users.GetUserAsync(context.User) is { } user) await users.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).RequireAuthorization();
        return app;
    }

    private static Task RejectOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
        {
            context.Response.StatusCode = status;
            // Left to the status-code pages, the bodiless refusal would be re-executed as a request for /not-found
            // (a POST there fails antiforgery with 400): a script must see the 401 or 403 itself.
            if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
