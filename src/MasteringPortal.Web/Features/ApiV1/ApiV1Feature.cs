using MasteringPortal.Web.Hosting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MasteringPortal.Web.Features.ApiV1;

/// <summary>
/// The documented HTTP API for scripts and the CLI: <c>/api/v1/…</c> on the portal's /api group, and its OpenAPI
/// description at <c>/api/v1/openapi.json</c> (readable without signing in: it describes, it opens nothing).
/// </summary>
public static class ApiV1Feature
{
    public const string Prefix = "/v1";
    public const string DocumentName = "v1";
    public const string DocumentPath = PortalApi.Prefix + Prefix + "/openapi.json";

    public static IServiceCollection AddApiV1(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            // Only the documented API: the pages' own /api endpoints may change with the pages.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "MasteringPortal API",
                    Version = "v1",
                    Description = "Projects, tracks, revisions and comments for a studio's own tools. Authenticate with a personal " +
                                  "access token (Authorization: Bearer mp_…), created on the engineer's account page. See docs/API.md.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["accessToken"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A personal access token, mp_ and 43 characters.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("accessToken", document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapApiV1(this WebApplication app)
    {
        app.Api().MapGroup(Prefix).WithTags("v1").MapApiV1Endpoints();
        app.MapOpenApi(DocumentPath);
        return app;
    }
}
