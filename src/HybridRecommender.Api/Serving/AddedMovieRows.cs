using System.Runtime.CompilerServices;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Feedback;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// The rows of the movies added after training: from their content (<see cref="ContentRows"/>), then, once rated, folded
/// in from their ratings with the raters' side frozen (<see cref="MovieFoldIn"/>). A rater's side is what serving would fold
/// in for them without the added movies: a MovieLens user's trained row moved by their API ratings of trained movies, a user
/// created with POST /users folded in from those alone (NewUserFoldIn; zero with none). Fits are cached per model and reused while a movie's
/// genres, year and raters' ratings are unchanged, so a catalogue change refits only the movies it touched. Not thread-safe:
/// <see cref="CatalogueRefresh"/> calls it under its lock.
/// </summary>
public sealed class AddedMovieRows
{
    private static readonly ConditionalWeakTable<ModelBundle, IContentRowSource> ContentByBundle = new();
    private ModelBundle? _cachedFor;
    private readonly Dictionary<int, (string Key, MovieRow Row)> _movies = new();
    private readonly Dictionary<int, (string Key, UserProfile? Profile)> _raters = new();

    /// <summary>
    /// The content rows of a model: the one place a content source is chosen. The bundle's content path (<see cref="ContentTower"/>,
    /// trained to stand in for a movie's rows) when it has one; else, for an older bundle, <see cref="GenreMeanRows"/> (built once per bundle).
    /// </summary>
    public static IContentRowSource ContentRows(ModelBundle bundle) =>
        ContentByBundle.GetValue(bundle, b => (IContentRowSource?)b.ContentRows
            ?? new GenreMeanRows(b.Network, b.Movies.Select(m => m.RatingCount).ToArray()));

    /// <summary>One row per movie of <see cref="ServedCatalogue.NewTo"/>, and how many ratings each was folded in from.</summary>
    public (MovieRow[] Rows, int[] Ratings) For(ModelBundle bundle, CatalogueSnapshot snapshot)
    {
        if (!ReferenceEquals(_cachedFor, bundle))
        {
            _movies.Clear();
            _raters.Clear();
            _cachedFor = bundle;
        }
        var content = ContentRows(bundle);
        var byUser = snapshot.RaterRatings.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.ToArray());
        var byMovie = snapshot.RaterRatings.GroupBy(r => r.MovieId).ToDictionary(g => g.Key, g => g.ToArray());
        var userFoldIn = new UserFoldIn(bundle.Scorer);
        var movieFoldIn = new MovieFoldIn(bundle.Scorer);
        var dim = bundle.Card.Architecture.Dim;
        var added = ServedCatalogue.NewTo(bundle, snapshot);
        var rows = new MovieRow[added.Count];
        var counts = new int[added.Count];
        for (var k = 0; k < rows.Length; k++)
        {
            var movie = added[k];
            var mask = bundle.Genres.MaskOf(ServedCatalogue.KnownGenres(bundle.Genres, movie.Genres));
            var ratings = byMovie.TryGetValue(movie.Id, out var given) ? given : [];
            counts[k] = ratings.Length;
            var key = $"{mask}:{movie.Year}:" + string.Join(";", ratings.Select(r => $"{r.UserId}={r.Rating}/{RaterKey(byUser[r.UserId])}"));
            if (_movies.TryGetValue(movie.Id, out var cached) && cached.Key == key) { rows[k] = cached.Row; continue; }

            var prior = content.Row(ServedCatalogue.GenreRow(mask, bundle.Genres.Count), movie.Year);
            var row = prior;
            if (ratings.Length > 0)
            {
                var users = new float[ratings.Length * dim];
                var biases = new float[ratings.Length];
                for (var j = 0; j < ratings.Length; j++)
                {
                    var side = Rater(bundle, userFoldIn, ratings[j].UserId, byUser[ratings[j].UserId]);
                    if (side is null) continue; // a new user with no rating of a trained movie: the average user (zero)
                    side.Vector.CopyTo(users, j * dim);
                    biases[j] = side.Bias;
                }
                row = movieFoldIn.Fit(prior, users, biases, ratings.Select(r => r.Rating).ToArray());
            }
            _movies[movie.Id] = (key, row);
            rows[k] = row;
        }
        return (rows, counts);
    }

    private UserProfile? Rater(ModelBundle bundle, UserFoldIn foldIn, int userId, FeedbackRating[] all)
    {
        var key = RaterKey(all);
        if (_raters.TryGetValue(userId, out var cached) && cached.Key == key) return cached.Profile;
        var trained = all.Where(r => bundle.MovieIds.Contains(r.MovieId)).ToArray();
        UserProfile? prior = bundle.UserIds.TryGetIndex(userId, out var row) ? bundle.Scorer.TrainedProfile(row) : null;
        var movies = trained.Select(r => { bundle.MovieIds.TryGetIndex(r.MovieId, out var m); return m; }).ToArray();
        var values = trained.Select(r => r.Rating).ToArray();
        // As ServingUsers folds them in: a trained row moved by the ratings, or a new user with the prior of their rated movies.
        var profile = trained.Length == 0 ? prior
            : prior is not null ? foldIn.Fit(movies, values, prior)
            : new NewUserFoldIn(foldIn, bundle.FoldInPrior).Fit(movies, values);
        _raters[userId] = (key, profile);
        return profile;
    }

    private static string RaterKey(FeedbackRating[] all) => string.Join(",", all.Select(r => $"{r.MovieId}:{r.Rating}"));
}
