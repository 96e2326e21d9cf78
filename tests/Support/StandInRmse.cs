using HybridRecommender.Core.Data;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Tests.Support;

/// <summary>Validation RMSE with every movie scored by its content path's stand-in rows only: each movie as if the network never saw it.</summary>
public static class StandInRmse
{
    public static double Of(HybridWeights weights, MovieLensDataset data, RatingsSplit split)
    {
        var rows = weights.Clone();
        var genres = weights.MovieGenres.Data;
        for (var m = 0; m < data.Movies.Count; m++)
            rows.SetMovieRow(m, weights.ContentTower!.Row(genres.AsSpan(m * data.Genres.Count, data.Genres.Count), data.Movies[m].Year));
        return AccuracyMetrics.Of(AccuracyMetrics.Predict(new RatingScorer(rows, 1f, 5f), data.Ratings, split.Validation)).Rmse;
    }
}
