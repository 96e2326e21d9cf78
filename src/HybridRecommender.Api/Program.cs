using System.Text.Json.Serialization;
using HybridRecommender.Api.Endpoints;
using HybridRecommender.Api.Hosting;
using HybridRecommender.Api.Http;
using HybridRecommender.Api.OpenApi;
using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Feedback;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.OpenApi;

var builder = WebApplication.CreateBuilder(args);
// Serve the page's wwwroot/ from the project folder in every environment, not only Development:
// `dotnet run` from the repository root (content root = the repository) and the built dll alike.
// A published app has no such manifest and serves the wwwroot/ copied next to it.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    // Training figures may hold NaN (e.g. an empty split); write them rather than fail the request.
    o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
});
builder.Services.AddEndpointsApiExplorer();
builder.Services.AddSwaggerGen(o =>
{
    o.SwaggerDoc("v1", new OpenApiInfo
    {
        Title = "HybridRecommender API",
        Version = "v1",
        Description = "Movie recommendations from a hybrid neural network (user and movie embeddings plus genres) trained on MovieLens 1M. "
            + "New users are created with POST /users and rate movies with PUT /users/{id}/ratings/{movieId}; their next recommendations reflect it. "
            + "Every client error is an RFC 7807 problem (application/problem+json).",
    });
    // The main calls first, then /top, /model and /health.
    o.OrderActionsBy(OperationOrder.SortKey);
    o.IncludeXmlComments(typeof(Program).Assembly);
    // GET /model returns the card's records, defined (and documented) in the Core library.
    o.IncludeXmlComments(typeof(ModelCard).Assembly);
    o.SupportNonNullableReferenceTypes();
    // A property whose type is another schema (e.g. RecommendedMovie.because) keeps its own description.
    o.UseAllOfToExtendReferenceSchemas();
    o.OperationFilter<ParameterDocOperationFilter>();
    o.SchemaFilter<ProblemDetailsSchemaFilter>();
    o.SchemaFilter<FeedbackExamplesSchemaFilter>();
    o.AddSecurityDefinition(BearerSecurityOperationFilter.SchemeName, BearerSecurityOperationFilter.Scheme);
    o.OperationFilter<BearerSecurityOperationFilter>();
});
builder.Services.AddRecommender(builder.Configuration);
builder.Services.AddFeedback(builder.Configuration);
builder.Services.AddModelVersions();
builder.Services.AddRecommenderMetrics();
builder.Services.AddCatalogue();
builder.Services.AddExceptionHandler<ClientErrorLogging>();

var app = builder.Build();

if (!app.TryValidateAdminKey()) return 1;
if (!app.TryLoadModel()) return 1;
if (!await app.TryOpenFeedbackStoreAsync()) return 1;
if (!await app.TryOpenModelVersionsAsync()) return 1;

if (!app.TryUseTrustedProxies()) return 1; // first: every later step sees the client's address
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    // A client's broken request is logged once at warning level by ClientErrorLogging, without a stack trace;
    // an outage once per window by FeedbackOutageLog (what the handler service handled is not logged again, the framework's default).
    SuppressDiagnosticsCallback = c => c.ExceptionHandledBy == ExceptionHandledType.ExceptionHandlerService
        || ClientErrorLogging.IsClientError(c.Exception),
    // A malformed request the framework rejects keeps its 4xx; an unavailable database is a 503
    // (FeedbackUnavailableHandler adds Retry-After); anything else is a 500 problem.
    StatusCodeSelector = e => e switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        FeedbackUnavailableException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    },
});
// The framework's bodiless 4xx (unknown route, wrong method) become problem+json too — whatever the
// Accept header says: the default handler falls back to text/plain when Accept excludes JSON.
app.UseStatusCodePages(context => FrameworkProblems.WriteAsync(context.HttpContext));

// The web page (wwwroot/): "/" serves index.html. Only existing files are answered here (HEAD included,
// without a body); any other path falls through to the endpoints and the problem+json 404 above.
app.UseDefaultFiles();
app.UseStaticFiles();

// RFC 9110 §9.3.2: a server that answers GET answers HEAD, with the same headers and no body. Routing
// matches HEAD as GET; Kestrel never sends a body for a request that arrived as HEAD.
app.Use((context, next) =>
{
    if (HttpMethods.IsHead(context.Request.Method)) context.Request.Method = HttpMethods.Get;
    return next(context);
});
app.UseRouting();
app.UseDatabaseDeadline();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseCatalogueRefresh();

app.UseSwagger();
app.UseSwaggerUI(o => o.DocumentTitle = "HybridRecommender API");

// Every API endpoint rejects unknown and repeated query parameters (QueryParameterRules).
var api = app.MapGroup("");
api.AddEndpointFilterFactory(QueryParameterRules.Create);
// Endpoints that read the catalogue first bring it up to date with every replica's added movies (CatalogueRefresh).
var catalogue = api.MapGroup("").WithMetadata(CatalogueRefresh.Marker);
catalogue.MapRecommendationEndpoints();
catalogue.MapPredictionEndpoints();
catalogue.MapMovieEndpoints();
catalogue.MapGenreEndpoints();
catalogue.MapChartEndpoints();
catalogue.MapUserEndpoints();
catalogue.MapFeedbackEndpoints();
api.MapModelEndpoints();
api.MapHealthEndpoints();
// Prometheus text (OpenTelemetry): request rates and latencies per endpoint, the served model version, fold-ins, the last retraining run.
app.MapPrometheusScrapingEndpoint();

app.Run();
return 0;

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
