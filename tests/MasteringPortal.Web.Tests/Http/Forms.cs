using System.Net;
using System.Text.RegularExpressions;

namespace MasteringPortal.Web.Tests.Http;

/// <summary>Posts the portal's static server-rendered forms the way a browser does: antiforgery token from the page, form fields, cookies.</summary>
public static partial class Forms
{
    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*>")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();

    public static string AntiforgeryToken(string html)
    {
        var input = AntiforgeryInput().Match(html);
        Assert.True(input.Success, "The page has no antiforgery token: is the form there?");
        return WebUtility.HtmlDecode(ValueAttribute().Match(input.Value).Groups[1].Value);
    }

    /// <summary>GETs the form page, then POSTs the fields with its antiforgery token and the form's handler name.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string pageUrl, string formName, Dictionary<string, string> fields)
    {
        var page = await client.GetAsync(pageUrl);
        page.EnsureSuccessStatusCode();
        var html = await page.Content.ReadAsStringAsync();
        var body = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = AntiforgeryToken(html),
        };
        return await client.PostAsync(pageUrl, new FormUrlEncodedContent(body));
    }

    /// <summary>Signs up through the real invitation form from <paramref name="invitationUrl"/> (absolute, or a path with its query).</summary>
    public static Task<HttpResponseMessage> SignUpAsync(HttpClient client, string invitationUrl, string displayName, string password)
    {
        var url = new Uri(new Uri("http://localhost"), invitationUrl);
        return SubmitAsync(client, url.PathAndQuery, "signup", new()
        {
            ["Input.Token"] = System.Web.HttpUtility.ParseQueryString(url.Query)["token"]!,
            ["Input.DisplayName"] = displayName,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
    }

    /// <summary>Signs in through the real sign-in form; the client keeps the cookie.</summary>
    public static async Task SignInAsync(HttpClient client, string email, string password)
    {
        var response = await SubmitAsync(client, "/account/login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"Sign-in as {email} did not redirect (status {(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
    }
}
