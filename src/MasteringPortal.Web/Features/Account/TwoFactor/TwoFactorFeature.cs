using MasteringPortal.Core.Domain;
using MasteringPortal.Web.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace MasteringPortal.Web.Features.Account.TwoFactor;

/// <summary>
/// Optional two-factor sign-in: the portal's own authenticator-code and recovery-code providers plugged into Identity,
/// so <see cref="SignInManager{TUser}"/> runs the second step (lockout, the short-lived cookie between the two steps,
/// the session cookie only at the end) while the codes are checked by Otp.NET with replay refused.
/// </summary>
public static class TwoFactorFeature
{
    public static IdentityBuilder AddTwoFactor(this IdentityBuilder identity, IConfiguration configuration)
    {
        identity.AddTokenProvider<AuthenticatorCodes>(AuthenticatorCodes.ProviderName)
            .AddTokenProvider<RecoveryCodes>(RecoveryCodes.ProviderName);
        var services = identity.Services;
        services.Configure<IdentityOptions>(options => options.Tokens.AuthenticatorTokenProvider = AuthenticatorCodes.ProviderName);

        // The cookie between password and code carries only the account's id for five minutes; over HTTPS it gets the
        // same Secure, __Host- treatment as the session cookie.
        var secure = PublicAddress.From(configuration).IsHttps;
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, options =>
        {
            options.Cookie.Name = secure ? "__Host-mp.2fa" : "mp.2fa";
            options.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
        });

        services.AddScoped<TwoFactorStore>();
        services.AddScoped<TwoFactorSettings>();
        return identity;
    }
}
