namespace HybridRecommender.Api.Contracts;

/// <summary>One page of GET /movies.</summary>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Movies per page.</param>
/// <param name="Total">Movies matching the search in all pages.</param>
/// <param name="Items">This page's movies, in catalogue order.</param>
public sealed record MoviePageResponse(int Page, int PageSize, int Total, IReadOnlyList<MovieResponse> Items);
