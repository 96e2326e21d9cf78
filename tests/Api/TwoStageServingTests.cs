using HybridRecommender.Api.Serving;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Retrieval;
using HybridRecommender.Tests.Evaluation;

namespace HybridRecommender.Tests.Api;

/// <summary>
/// RecommendationService above Model:ExactScoringLimit: it loads the bundle's retrieval.usearch when it matches, builds one in the
/// background when it is missing, and serves the lists exact scoring serves when the candidates cover the catalogue.
/// </summary>
public sealed class TwoStageServingTests(SyntheticBundle fixture) : IClassFixture<SyntheticBundle>
{
    private static readonly RetrievalSettings Low = new(ExactScoringLimit: 10, CandidatePool: 10);

    [Fact]
    public void A_matching_index_is_loaded_and_lists_equal_exact_scoring_when_the_pool_covers_the_catalogue()
    {
        var folder = Directory.CreateTempSubdirectory("hr-two-stage-").FullName;
        try
        {
            var bundle = fixture.Bundle;
            using (var index = RetrievalIndex.Build(bundle.Scorer)) index.Save(Path.Combine(folder, RecommendationService.RetrievalIndexFile));
            var exact = new RecommendationService(bundle, fixture.Folder);
            var twoStage = new RecommendationService(bundle, folder, Low with { CandidatePool = bundle.Movies.Count });
            Assert.Null(exact.RetrievalIndex);
            Assert.NotNull(twoStage.RetrievalIndex);
            Assert.Contains("two-stage", twoStage.RetrievalStatus);
            Assert.Contains("loaded", twoStage.RetrievalStatus);
            var firstGenre = new GenreFilter(1UL, GenreMatch.Any, [bundle.Genres.Names[0]]);
            // Filters are listed from the per-genre lists (MoviesByGenre), not scanned: "any" and "all" of two genres too.
            var twoGenres = bundle.Genres.Names.Take(2).ToArray();
            var anyOfTwo = new GenreFilter(0b11UL, GenreMatch.Any, twoGenres);
            var allOfTwo = new GenreFilter(0b11UL, GenreMatch.All, twoGenres);
            for (var u = 0; u < bundle.RatedByUser.Length; u += 7)
                foreach (var filter in new[] { GenreFilter.None, firstGenre, anyOfTwo, allOfTwo })
                {
                    var expected = exact.Recommend(u, filter, 10);
                    Assert.Equal(expected, twoStage.Recommend(u, filter, 10));
                    Assert.All(expected, r => Assert.True(!bundle.HasRated(u, r.Movie) && filter.Accepts(bundle.MovieGenreMask[r.Movie])));
                }
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task Without_an_index_file_one_is_built_in_the_background_and_requests_are_scored_exactly_meanwhile()
    {
        var service = new RecommendationService(fixture.Bundle, fixture.Folder, Low);
        Assert.Contains("Building the index in the background", service.RetrievalStatus);
        Assert.Equal(10, service.Recommend(0, GenreFilter.None, 10).Length);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (service.RetrievalIndex is null && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.NotNull(service.RetrievalIndex);
        Assert.Equal(fixture.Bundle.Movies.Count, service.RetrievalIndex.Count);
    }
}
