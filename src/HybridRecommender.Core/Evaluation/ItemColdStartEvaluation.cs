using System.Globalization;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Model;
using HybridRecommender.Core.Training;

namespace HybridRecommender.Core.Evaluation;

/// <summary>One ranker on the new movies: its figures, NDCG@k's standard error over users, and the served model's paired gain over it.</summary>
public sealed record ItemColdStartRow(string Name, string Description, RankingScores Ranking, double NdcgStandardError, PairedDifference? ServedMinusThis);

/// <summary>The item cold-start section of evaluate (docs/EVALUATION.md, "Item cold start").</summary>
/// <param name="NewMovies">Movies held out as new.</param>
/// <param name="Users">Test users ranked (a test rating ≥ 4 on a new movie).</param>
/// <param name="MeanCandidates">New movies per ranked user on average.</param>
/// <param name="Rows">The served model with content rows, its ablations and the baselines, on the same users and candidates.</param>
/// <param name="NewShareOfTopSlots">Ranking all movies together for every test user: the share of top-k slots that go to new movies.</param>
/// <param name="AllMoviesUsers">Test users ranked over all movies (the usual protocol's).</param>
/// <param name="NewShareOfRelevant">The new movies' share of those users' relevant test ratings (what a list true to the test would give them).</param>
/// <param name="Run">The training run without the new movies' ratings.</param>
public sealed record ItemColdStartReport(int NewMovies, int Users, double MeanCandidates, IReadOnlyList<ItemColdStartRow> Rows,
    double NewShareOfTopSlots, int AllMoviesUsers, double NewShareOfRelevant, TrainingRun Run);

/// <summary>
/// Item cold start: movies whose ratings a model never saw, served from their content path's rows through the one scoring
/// path (<see cref="ServedRanking"/> over weights whose held-out rows are the content rows; they have no item–item column, so
/// their item–item term is 0). The model and the metrics never meet: rankers write scores, the protocol ranks and measures.
/// </summary>
public static class ItemColdStartEvaluation
{
    public const string ServedName = "served (content rows)";
    public const string NoGenresName = "content path without genres";
    public const string NoYearName = "content path without year";
    public const string RandomName = "random";
    public const string GenrePopularityName = "genre popularity";
    public const string ContentProfileName = "content profile (TF-IDF of genres)";
    public const int RandomSeed = 7;
    /// <summary>The bars: NDCG@10 on new movies ≥ 0.17 and ≥ 1.5× the content profile's.</summary>
    public const double BarNdcg = 0.17;
    public const double BarRatio = 1.5;

    /// <summary><paramref name="trained"/> with every held-out movie's rows replaced by its content path's, reading only <paramref name="inputs"/>.</summary>
    public static HybridWeights WithContentRows(HybridWeights trained, bool[] heldOut, MovieLensDataset data, ContentInputs inputs = ContentInputs.All)
    {
        var path = trained.ContentTower ?? throw new ArgumentException("These weights have no content path; retrain with --content-hidden > 0.", nameof(trained));
        var genres = trained.Shape.Genres;
        var none = new float[genres];
        var copy = trained.Clone();
        for (var m = 0; m < heldOut.Length; m++)
        {
            if (!heldOut[m]) continue;
            var g = inputs.HasFlag(ContentInputs.Genres) ? trained.MovieGenres.Data.AsSpan(m * genres, genres) : none;
            copy.SetMovieRow(m, path.Row(g, inputs.HasFlag(ContentInputs.Year) ? data.Movies[m].Year : null));
        }
        return copy;
    }

    /// <summary>The EASE^R term a held-out model serves with: the card's λ, fitted on what the model knew (null without the term).</summary>
    public static EaseRanker? ItemItem(ModelCard card, ItemColdStartSetup setup, int threads) =>
        card.Ranking is { ItemItemLambda: { } lambda, ItemItemWeight: > 0 } ? EaseRanker.Fit(setup.TrainPositives, lambda, threads) : null;

    /// <summary>The served score (the card's β, w) of weights with content rows: what /recommend would rank them by.</summary>
    public static MovieScores Served(HybridWeights withContentRows, ModelCard card, ItemColdStartSetup setup, EaseRanker? itemItem)
    {
        var heldOut = Enumerable.Range(0, setup.HeldOutMovies.Length).Where(m => setup.HeldOutMovies[m]).ToArray();
        var ranking = new ServedRanking(new RatingScorer(withContentRows, card.MinRating, card.MaxRating), card.Ranking?.RatingWeight ?? 0f,
            itemItem, card.Ranking?.ItemItemWeight ?? 0f, contentMovies: heldOut);
        return (u, scores) => ranking.ScoreAll(u, setup.TrainPositives.MoviesOf(u), scores);
    }

    /// <summary>The measured section: trains without the new movies' ratings (the card's recipe), then ranks (test touched here only).</summary>
    public static ItemColdStartReport Measure(ModelCard card, MovieLensDataset data, RatingsSplit split, IRecipeTrainer trainer, int threads, int trainThreads,
        Action<string>? status = null, ITrainingProgress? progress = null, CancellationToken cancellation = default)
    {
        var setup = ItemColdStartSetup.ForTest(data, split);
        status?.Invoke($"Item cold start: training without the {setup.HeldOutCount:N0} new movies' train and validation ratings (the card's recipe)…");
        var (trained, run) = trainer.TrainWeights(card, data, setup.Split, trainThreads, progress, cancellation);
        var itemItem = ItemItem(card, setup, threads);
        var served = Served(WithContentRows(trained, setup.HeldOutMovies, data), card, setup, itemItem);
        var rankers = new List<(string Name, string Description, MovieScores Scores)>
        {
            (ServedName, "the served score (relevance + β·r̂ + w·item–item, the card's weights) with the new movies' rows from the content path", served),
        };
        foreach (var (name, inputs) in new[] { (NoGenresName, ContentInputs.Year), (NoYearName, ContentInputs.Genres) })
        {
            status?.Invoke($"Item cold start: retraining the content path reading only {inputs} (the tables unchanged)…");
            var ablated = trainer.RetrainContentPath(card, trained, data, setup.Split, inputs, trainThreads, cancellation);
            rankers.Add((name, $"the same, the content path retrained reading only {inputs.ToString().ToLowerInvariant()}", Served(WithContentRows(ablated, setup.HeldOutMovies, data, inputs), card, setup, itemItem)));
        }
        rankers.Add((RandomName, $"uniform random scores (seed {RandomSeed})", ContentBaselines.Random(RandomSeed)));
        rankers.Add((GenrePopularityName, "mean over the movie's genres of the genre's known ratings per rated movie", ContentBaselines.GenrePopularity(data, setup.Known)));
        rankers.Add((ContentProfileName, "cosine of the movie's TF-IDF genre vector and the mean vector of the movies the user liked (≥ 4)", ContentBaselines.ContentProfile(data, setup.Known)));

        status?.Invoke("Item cold start: ranking the new movies…");
        // A small dataset may have no test user with a liked new movie: then there is nothing to rank.
        var rows = setup.NewOnly.Users.Count == 0 ? [] : Rank(setup.NewOnly, rankers, threads);
        var all = setup.AllMovies.Rank(served, threads);
        var slots = all.Sum(l => l.Ranked.Count);
        var newSlots = all.Sum(l => l.Ranked.Count(m => setup.HeldOutMovies[m]));
        var relevant = setup.AllMovies.RelevantCount;
        var newRelevant = setup.AllMovies.RelevantCountWhere(m => setup.HeldOutMovies[m]);
        return new ItemColdStartReport(setup.HeldOutCount, setup.NewOnly.Users.Count, setup.NewOnly.MeanCandidates, rows,
            slots == 0 ? 0 : (double)newSlots / slots, all.Length, relevant == 0 ? 0 : (double)newRelevant / relevant, run);
    }

    /// <summary>Each ranker on the protocol, with NDCG's standard error and the first ranker's paired gain over each of the others.</summary>
    public static IReadOnlyList<ItemColdStartRow> Rank(RankingProtocol protocol, IReadOnlyList<(string Name, string Description, MovieScores Scores)> rankers, int threads)
    {
        var measured = rankers.Select(r =>
        {
            var lists = protocol.Rank(r.Scores, threads);
            return (r.Name, r.Description, Scores: RankingMetrics.Of(lists, protocol.K), Ndcg: RankingMetrics.NdcgPerList(lists, protocol.K));
        }).ToArray();
        var zero = new double[protocol.Users.Count];
        return measured.Select((r, n) => new ItemColdStartRow(r.Name, r.Description, r.Scores,
            protocol.Users.Count < 2 ? double.NaN : PairedDifference.Of(r.Ndcg, zero).StandardError,
            n == 0 || protocol.Users.Count < 2 ? null : PairedDifference.Of(measured[0].Ndcg, r.Ndcg))).ToArray();
    }

    /// <summary>The protocol in words (docs/EVALUATION.md says the same).</summary>
    public static string Describe() => FormattableString.Invariant(
        $"Item cold start: new movies = movies with a rating and unit_value(0, movieId, SplitMix64({NewMovies.HashSeed})) < {NewMovies.NewBelow}; a model is trained (the card's recipe) with all their train and validation ratings removed; ")
        + "for each test user with a test rating ≥ 4 on a new movie, the new movies they did not rate in train or validation are ranked (relevant: those test ratings ≥ 4); "
        + "the served score with the new movies' rows from the content path (their item–item term 0) beside its ablations (content path retrained without genres / without the year) and random, genre popularity and a TF-IDF content profile on the same users and candidates. "
        + FormattableString.Invariant($"Tuned only on pseudo-new movies ({NewMovies.NewBelow} ≤ u < {NewMovies.PseudoNewBelow}, validation ratings; `tune-content`).");

    /// <summary>The bars in words, with the figures either way.</summary>
    public static IReadOnlyList<string> Findings(ItemColdStartReport report, int k)
    {
        var served = report.Rows.Single(r => r.Name == ServedName);
        var profile = report.Rows.Single(r => r.Name == ContentProfileName);
        var noGenres = report.Rows.Single(r => r.Name == NoGenresName);
        var ratio = served.Ranking.Ndcg / profile.Ranking.Ndcg;
        var met = served.Ranking.Ndcg >= BarNdcg && ratio >= BarRatio;
        var drop = noGenres.ServedMinusThis!.Value;
        return
        [
            string.Create(CultureInfo.InvariantCulture,
                $"Item cold start, new movies only: NDCG@{k} {served.Ranking.Ndcg:0.0000} ± {served.NdcgStandardError:0.0000} vs the content profile's {profile.Ranking.Ndcg:0.0000} ± {profile.NdcgStandardError:0.0000} on the same {report.Users:N0} users = {ratio:0.00}× ")
                + (met ? string.Create(CultureInfo.InvariantCulture, $"(bars ≥ {BarNdcg} and ≥ {BarRatio}×: met).") : string.Create(CultureInfo.InvariantCulture, $"— the bars (≥ {BarNdcg} and ≥ {BarRatio}×) are NOT met.")),
            string.Create(CultureInfo.InvariantCulture,
                $"Without genres the content path's NDCG@{k} falls by {drop.Mean:0.0000} ± {drop.StandardError:0.0000} (paired over users) = {drop.Mean / drop.StandardError:0.0} standard errors."),
        ];
    }
}
