using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace HybridRecommender.Api.OpenApi;

/// <summary>
/// The order Swagger UI lists the calls in: the main calls first (recommend, predict, movies, users and their
/// feedback), then the chart, the model and health. Swagger UI shows the tags in the order their first path appears.
/// </summary>
public static class OperationOrder
{
    public static readonly string[] Tags = ["Recommendations", "Predictions", "Movies", "Users", "Charts", "Model", "Health"];

    /// <summary>Sort key of one call: its tag's rank, then its path, then its method.</summary>
    public static string SortKey(ApiDescription api)
    {
        var tag = api.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.ITagsMetadata>().SelectMany(t => t.Tags).FirstOrDefault();
        var rank = tag is null ? Tags.Length : Array.IndexOf(Tags, tag) is var i and >= 0 ? i : Tags.Length;
        return $"{rank:D2} {api.RelativePath} {api.HttpMethod}";
    }
}
