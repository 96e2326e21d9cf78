using System.Globalization;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Evaluation;

[Collection(LibTorchCollection.Name)]
public class EvaluatorTests(SyntheticBundle fixture) : IClassFixture<SyntheticBundle>
{
    [Fact]
    public void At_scale_it_ranks_a_user_sample_skips_ease_and_says_so()
    {
        var full = Evaluator.Run(fixture.Bundle, fixture.Data, new EvaluationOptions { Threads = 2, Ablation = false, ColdStart = false });
        var report = Evaluator.Run(fixture.Bundle, fixture.Data,
            new EvaluationOptions { Threads = 2, Ablation = false, ColdStart = false, MaxRankedUsers = 25, EaseMaxItems = 10 });

        Assert.Equal(25, report.RankedUsers);
        Assert.True(full.RankedUsers > 25);
        Assert.Contains(report.Protocol, p => p.Contains($"sample of 25 of the {full.RankedUsers:N0} test users", StringComparison.Ordinal));
        Assert.Null(report.Ease);
        Assert.DoesNotContain(report.Models, m => m.Name == Evaluator.EaseName);
        Assert.Contains(report.Protocol, p => p.Contains("EASE^R skipped", StringComparison.Ordinal) && p.Contains("limit of 10", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.StartsWith("Strong baseline: NOT measured", StringComparison.Ordinal));
        // RMSE is over every test rating either way, and the card still reproduces.
        Assert.Equal(full.Hybrid.Rmse, report.Hybrid.Rmse);
        Assert.True(report.Hybrid.Reproduced);
        // The sample is fixed: the same users again.
        var again = Evaluator.Run(fixture.Bundle, fixture.Data,
            new EvaluationOptions { Threads = 2, Ablation = false, ColdStart = false, MaxRankedUsers = 25, EaseMaxItems = 10 });
        Assert.Equal(report.Models.Select(m => m.Ranking), again.Models.Select(m => m.Ranking));
    }

    [Fact]
    public void Reproduces_the_trainers_test_figures_and_reports_every_model()
    {
        var report = Evaluator.Run(fixture.Bundle, fixture.Data, new EvaluationOptions { Threads = 2 }, retrainer: new TorchRecipeTrainer());

        // The evaluator's figures equal the trainer's within 1e-6 (bitwise on one machine; last bits may differ across CPUs).
        var card = fixture.Bundle.Card;
        Assert.True(report.Hybrid.Reproduced);
        Assert.Equal(card.Test[TrainingPipeline.HybridName].Rmse, report.Hybrid.Rmse, 1e-6);
        Assert.Equal(card.Test[TrainingPipeline.HybridName].Mae, report.Hybrid.Mae, 1e-6);
        Assert.Equal([Evaluator.BiasOnlyName, Evaluator.GlobalMeanName, Evaluator.HybridName], report.CardChecks.Keys.Order());
        Assert.All(report.CardChecks.Values, c => Assert.True(c.Reproduced));

        Assert.Equal([Evaluator.HybridName, Evaluator.RelevanceName, Evaluator.BiasOnlyName, Evaluator.PopularityName, Evaluator.GlobalMeanName,
                Evaluator.EaseName, Evaluator.NoGenresName, Evaluator.RelevanceNoGenresName],
            report.Models.Select(m => m.Name));
        // The relevance row ranks by the card's ranking score, not by r̂: its lists differ from the rating head's.
        Assert.NotNull(card.Ranking);
        Assert.NotEqual(report.Models[0].Ranking, report.Models[1].Ranking);
        Assert.Contains(report.Findings, f => f.StartsWith("Genres, hybridRelevance:", StringComparison.Ordinal));
        // Item cold start ran (the card records a content path and a trainer was given): the served row, its ablations, the baselines.
        var item = report.ItemColdStart;
        Assert.NotNull(item);
        Assert.True(item.NewMovies > 0);
        Assert.InRange(item.NewShareOfTopSlots, 0, 1);
        if (item.Users > 0)
            Assert.Equal([ItemColdStartEvaluation.ServedName, ItemColdStartEvaluation.NoGenresName, ItemColdStartEvaluation.NoYearName,
                    ItemColdStartEvaluation.RandomName, ItemColdStartEvaluation.GenrePopularityName, ItemColdStartEvaluation.ContentProfileName],
                item.Rows.Select(r => r.Name));
        var globalMean = report.Models.Single(m => m.Name == Evaluator.GlobalMeanName);
        Assert.Null(globalMean.Ranking);
        Assert.Null(globalMean.Catalogue);
        Assert.All(report.Models.Where(m => m.Name != Evaluator.GlobalMeanName), m =>
        {
            var r = m.Ranking!.Value;
            Assert.Equal(report.RankedUsers, r.Users);
            Assert.InRange(r.Precision, 0, 1);
            Assert.InRange(r.Ndcg, 0, 1);
            var c = m.Catalogue!.Value;
            Assert.Equal(report.RankedUsers, c.Lists);
            Assert.Equal(report.CatalogueSize, c.CatalogueSize);
            Assert.InRange(c.DistinctMovies, 1, Math.Min(c.Slots, c.CatalogueSize));
            Assert.InRange(c.LongTailShare, 0, 1);
        });
        // EASE ranks only: no accuracy, and its λ is one of the grid's, chosen on validation.
        var ease = report.Models.Single(m => m.Name == Evaluator.EaseName);
        Assert.Null(ease.Accuracy);
        var choice = report.Ease!;
        Assert.Contains(choice.Lambda, EaseLambdaSearch.DefaultGrid);
        Assert.Equal(EaseLambdaSearch.DefaultGrid, choice.Trials.Select(t => t.Lambda));
        Assert.Equal(choice.Trials.Max(t => t.Validation.Ndcg), choice.Trials.Single(t => t.Lambda == choice.Lambda).Validation.Ndcg);
        Assert.DoesNotContain(report.Protocol, p => p.StartsWith("At scale", StringComparison.Ordinal));
        // The strong-baseline sentence gives the difference and both figures, the figures to 5 decimals so the
        // 4-decimal difference can be checked against them.
        var hybrid = report.Models.Single(m => m.Name == Evaluator.HybridName).Ranking!.Value.Ndcg;
        var easeNdcg = ease.Ranking!.Value.Ndcg;
        var strong = report.Findings.Single(f => f.StartsWith($"Strong baseline: {Evaluator.HybridName} ", StringComparison.Ordinal));
        Assert.Contains(hybrid >= easeNdcg
            ? string.Create(CultureInfo.InvariantCulture, $"{hybrid:0.00000}, {hybrid - easeNdcg:0.0000} above ease's {easeNdcg:0.00000} (")
            : string.Create(CultureInfo.InvariantCulture, $"by {easeNdcg - hybrid:0.0000} NDCG@"), strong);
        // … and the gap's standard error over the same ranked users, from each model's per-user NDCG.
        var hybridUsers = report.Models.Single(m => m.Name == Evaluator.HybridName).UserNdcg!;
        Assert.Equal(report.Models.Single(m => m.Name == Evaluator.HybridName).Ranking!.Value.Users, hybridUsers.Count);
        Assert.Equal(hybrid, hybridUsers.Average(), 12);
        var gap = PairedDifference.Of(hybridUsers, ease.UserNdcg!);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"standard error of the gap over the {gap.Users:N0} users {gap.StandardError:0.0000}, not counting the training seed's spread"), strong);
        if (hybrid < easeNdcg)
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"({hybrid:0.00000} vs {easeNdcg:0.00000}: it reaches "), strong);
        Assert.Equal(card.Split.Test, report.Split.Test);
        Assert.Equal(card.Split.Test, report.Models[0].Accuracy!.Value.Count);
        Assert.NotNull(report.Ablation);
        Assert.Contains(report.Findings, f => f.StartsWith("Genres:", StringComparison.Ordinal));
        // Exactly one row is labelled as what /recommend serves: the bundle's ranking score.
        Assert.Equal([Evaluator.RelevanceName], report.Models.Where(m => m.Description.Contains("/recommend serves", StringComparison.Ordinal)
            && !m.Description.Contains("for comparison", StringComparison.Ordinal)).Select(m => m.Name));
    }

    [Fact]
    public void Counts_the_relevant_test_pairs_and_those_of_long_tail_movies()
    {
        var card = fixture.Bundle.Card;
        var split = card.Split.Of(fixture.Data);
        var r = fixture.Data.Ratings;
        var trainCounts = split.Train.CountBy(i => r.MovieIndex[i]).ToDictionary();
        var relevant = split.Test.Where(i => r.Rating[i] >= RankingProtocol.DefaultRelevanceThreshold)
            .Select(i => (User: r.UserIndex[i], Movie: r.MovieIndex[i])).Distinct().ToList();
        // A threshold inside the synthetic data's range of train counts, so both sides of it hold relevant pairs.
        var threshold = relevant.Select(p => trainCounts.GetValueOrDefault(p.Movie)).Order().ElementAt(relevant.Count / 2);
        var expected = relevant.Count(p => trainCounts.GetValueOrDefault(p.Movie) < threshold);
        Assert.InRange(expected, 1, relevant.Count - 1);

        var report = Evaluator.Run(fixture.Bundle, fixture.Data, new EvaluationOptions { Ablation = false, ColdStart = false, LongTailThreshold = threshold });

        Assert.Equal(relevant.Count, report.RelevantTestRatings);
        Assert.Equal(expected, report.RelevantLongTailTestRatings);
    }

    [Fact]
    public void Ranking_does_not_depend_on_thread_count()
    {
        var options = new EvaluationOptions { Ablation = false };
        var one = Evaluator.Run(fixture.Bundle, fixture.Data, options with { Threads = 1 });
        var three = Evaluator.Run(fixture.Bundle, fixture.Data, options with { Threads = 3 });
        Assert.Equal(one.Models.Select(m => m.Ranking), three.Models.Select(m => m.Ranking));
    }

    [Fact]
    public void Retraining_with_the_cards_recipe_reproduces_the_bundle()
    {
        // Proves the ablation differs from the bundle only by its genres: with genres, the recipe gives the same floats.
        var card = fixture.Bundle.Card;
        var split = card.Split.Of(fixture.Data);
        var (scorer, run) = new TorchRecipeTrainer().Train(card, fixture.Data, split, card.Threads);
        var test = AccuracyMetrics.Of(AccuracyMetrics.Predict(scorer, fixture.Data.Ratings, split.Test));
        Assert.Equal(card.BestEpoch, run.BestEpoch);
        Assert.Equal(card.Test[TrainingPipeline.HybridName].Rmse, test.Rmse, 1e-6);
    }

    [Fact]
    public void The_ablation_network_has_no_genre_inputs()
    {
        var data = GenreAblation.WithoutGenres(fixture.Data);
        Assert.Equal(0, data.Genres.Count);
        Assert.All(data.MovieGenreMask, m => Assert.Equal(0UL, m));
        Assert.Equal(fixture.Data.MovieIds.Ids, data.MovieIds.Ids);
        var card = fixture.Bundle.Card;
        var split = card.Split.Of(data);
        var (scorer, _) = new TorchRecipeTrainer().Train(card, data, split, threads: 1);
        Assert.Equal(0, scorer.Shape.Genres);
        Assert.Equal(2 * card.Architecture.Dim, scorer.Shape.MlpInput);
        Assert.True(scorer.HasRelevanceHead); // the recipe keeps the relevance head; only the genre inputs go
    }

    [Fact]
    public void Other_data_is_refused_with_what_differs()
    {
        var other = SyntheticDataset.Create(movies: 81);
        var e = Assert.Throws<DataMismatchException>(() => Evaluator.Run(fixture.Bundle, other, new EvaluationOptions { Ablation = false }));
        Assert.Contains("movies: card 80, data 81", e.Message);
    }

    [Fact]
    public void Same_ids_other_ratings_are_refused_by_the_split_sizes()
    {
        // Same users, movies and rating count, but other (user, movie) pairs: only the split gives it away.
        var other = SyntheticDataset.Create(seed: 8);
        var e = Assert.Throws<DataMismatchException>(() => Evaluator.Run(fixture.Bundle, other, new EvaluationOptions { Ablation = false }));
        Assert.Contains("reproduced split", e.Message);
    }
}
