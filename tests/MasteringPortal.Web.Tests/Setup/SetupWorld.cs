using System.Text.RegularExpressions;
using MasteringPortal.Testing;
using MasteringPortal.Web.Tests.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MasteringPortal.Web.Tests.Setup;

/// <summary>A fresh portal with the demo off (no studio), the set-up code read from its log, and the set-up form.</summary>
public sealed partial class SetupWorld : IDisposable
{
    public const string OwnerEmail = "owner@tidal-room.example";
    public const string OwnerPassword = "long-enough-password";

    public PortalFactory Factory { get; } = new(seedDemo: false);

    public SetupWorld() => _ = Factory.Server;

    public HttpClient NewClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    [GeneratedRegex("set-up code ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")]
    private static partial Regex CodeInLog();

    /// <summary>The code the portal printed at start, as its administrator reads it in the log.</summary>
    public string CodeFromLog() =>
        Factory.Logs.Lines.Select(l => CodeInLog().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).LastOrDefault()
        ?? throw new InvalidOperationException("No set-up code in the log:\n" + string.Join("\n", Factory.Logs.Lines));

    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string code, string password = OwnerPassword) =>
        Forms.SubmitAsync(client, "/setup", "setup", new()
        {
            ["Input.Code"] = code,
            ["Input.StudioName"] = "Tidal Room",
            ["Input.Currency"] = "gbp",
            ["Input.OwnerName"] = "Rosa Quint",
            ["Input.OwnerEmail"] = OwnerEmail,
            ["Input.OwnerPassword"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    public void Dispose() => Factory.Dispose();
}
