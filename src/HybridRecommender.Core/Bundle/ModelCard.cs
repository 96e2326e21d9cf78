using HybridRecommender.Core.Training;

namespace HybridRecommender.Core.Bundle;

/// <summary>
/// model/card.json: what the model is, how it was trained and how well it did. Written by the
/// trainer, served by GET /model, and checked against the weights at load.
/// </summary>
public sealed record ModelCard
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public string Model { get; init; } = "HybridRecommender hybrid network";
    public required ArchitectureCard Architecture { get; init; }
    public required HyperparametersCard Hyperparameters { get; init; }
    public required SplitCard Split { get; init; }
    public required DataCard Data { get; init; }
    public required float GlobalMean { get; init; }
    public required float MinRating { get; init; }
    public required float MaxRating { get; init; }
    public required IReadOnlyList<string> Genres { get; init; }
    /// <summary>user_embedding row r is user UserIds[r].</summary>
    public required IReadOnlyList<int> UserIds { get; init; }
    /// <summary>movie_embedding row r is movie MovieIds[r].</summary>
    public required IReadOnlyList<int> MovieIds { get; init; }
    public required IReadOnlyList<EpochMetrics> Epochs { get; init; }
    public required int BestEpoch { get; init; }
    public required bool StoppedEarly { get; init; }
    /// <summary>Test-set figures of this model and the baselines on the same split, keyed by name.</summary>
    public required IReadOnlyDictionary<string, MetricsCard> Test { get; init; }
    public required double TrainingSeconds { get; init; }
    public required DateTimeOffset TrainedAt { get; init; }
    public required int Threads { get; init; }
    /// <summary>The ranking score of a model with a relevance head; null for a rating-only model (it ranks by r̂).</summary>
    public RankingCard? Ranking { get; init; }
    /// <summary>The content path's recipe (stand-in rows from genres and year); null for weights without one.</summary>
    public ContentPathCard? ContentPath { get; init; }
}

/// <summary>
/// The content path (docs/MODEL.md, "Content path"): x = [g, one-hot(year bucket)] → ReLU(hidden) → stand-in rows for both
/// heads, trained after the tables with everything else frozen.
/// </summary>
/// <param name="Hidden">Width of its hidden layer.</param>
/// <param name="Epochs">Epochs it was trained for, over the train ratings.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="ReplaceShare">ρ: share of the rated movies whose relevance logits are the content path's in each batch's softmax.</param>
/// <param name="L2">L2 on its weights.</param>
/// <param name="YearBucketStarts">First year of each year bucket (bucket 0 holds everything before the second).</param>
/// <param name="RatingsPerEpoch">Most train ratings an epoch visited (a fresh sample each epoch above it); null in cards from before the cap: every train rating.</param>
public sealed record ContentPathCard(int Hidden, int Epochs, float LearningRate, float ReplaceShare, float L2, IReadOnlyList<int> YearBucketStarts, int? RatingsPerEpoch = null);

/// <summary>The architecture (docs/MODEL.md gives the formula and every tensor).</summary>
/// <param name="Users">User rows in the embedding tables (U).</param>
/// <param name="Movies">Movie rows in the embedding tables (M), every catalogue movie, rated or not.</param>
/// <param name="Genres">Genre columns of the multi-hot genre input (G).</param>
/// <param name="Dim">Embedding width (d).</param>
/// <param name="Hidden">Widths of the MLP's hidden layers, first to last (empty = no hidden layer).</param>
/// <param name="Parameters">Trained parameters in the weights file (the genre buffer not counted).</param>
/// <param name="ForwardMultiplyAddsPerRating">Estimated multiply-adds of one rating prediction (rating head, forward; the genre projection counted at the catalogue's mean genre count, bias adds left out).</param>
/// <param name="TrainingFlopsPerRating">Estimated floating-point operations per training rating of the rating head: 6 × the multiply-adds (forward and backward).</param>
/// <param name="Formula">The rating formula in symbols and, with the relevance head, the relevance and ranking scores (β is in the card's ranking).</param>
/// <param name="RelevanceHead">The weights include the relevance head that /recommend ranks by (absent — false — in bundles from before it).</param>
public sealed record ArchitectureCard(int Users, int Movies, int Genres, int Dim, IReadOnlyList<int> Hidden,
    long Parameters, long ForwardMultiplyAddsPerRating, long TrainingFlopsPerRating, string Formula, bool RelevanceHead = false);

/// <summary>
/// How /recommend and evaluate's relevance row rank: score = relevance(u, i) + RatingWeight · r̂_raw(u, i)
/// + ItemItemWeight · (x_u B)_i, where B is EASE^R fitted on the train split's positives at ItemItemLambda and x_u
/// the user's rated movies (RatingWeight 0 = no r̂; ItemItemWeight 0 or no λ = no item–item term), every weight chosen on validation.
/// </summary>
/// <param name="RelevanceWeight">α: the relevance loss's weight next to the rating loss in training.</param>
/// <param name="RelevanceL2">λ_r: L2 on the relevance head's movie vectors.</param>
/// <param name="RatingWeight">β: the weight of the predicted rating in the ranking score, chosen on validation.</param>
/// <param name="Score">The ranking score in words.</param>
/// <param name="Validation">Every (λ, β, w) tried, with its validation ranking figures.</param>
/// <param name="ItemItemLambda">λ of the item–item (EASE^R) term, fitted on the train split's positives when the bundle loads; null = no item–item term (bundles from before it).</param>
/// <param name="ItemItemWeight">w: the weight of the item–item score in the ranking score, chosen on validation (0 = not used).</param>
/// <param name="FoldInRatingWeight">β_f: β for a user with no trained row, folded in from their ratings, chosen on validation's cold-start protocol (null = β).</param>
/// <param name="FoldInItemItemWeight">w_f: w for such a user (null = w).</param>
/// <param name="FoldInValidation">Every (β_f, w_f) tried: validation NDCG@10 of users folded in from 5, 10 and 20 train ratings, averaged over the three.</param>
public sealed record RankingCard(float RelevanceWeight, float RelevanceL2, float RatingWeight, string Score, IReadOnlyList<RankingValidationPoint> Validation,
    double? ItemItemLambda = null, float ItemItemWeight = 0f, float? FoldInRatingWeight = null, float? FoldInItemItemWeight = null,
    IReadOnlyList<RankingValidationPoint>? FoldInValidation = null);

/// <summary>Validation ranking (relevant = validation ratings ≥ 4, train movies excluded) of one blend weight.</summary>
/// <param name="RatingWeight">β: the weight of the predicted rating in the ranking score.</param>
/// <param name="Precision">Validation Precision@10 at this β.</param>
/// <param name="Recall">Validation Recall@10 at this β.</param>
/// <param name="Ndcg">Validation NDCG@10 at this point (the figure the weights are chosen by).</param>
/// <param name="ItemItemLambda">λ of the item–item term at this point (null = none).</param>
/// <param name="ItemItemWeight">w: the item–item score's weight at this point (0 = none).</param>
public sealed record RankingValidationPoint(float RatingWeight, double Precision, double Recall, double Ndcg,
    double? ItemItemLambda = null, float ItemItemWeight = 0f);

/// <summary>The training recipe.</summary>
/// <param name="Epochs">Maximum epochs (training may stop earlier; see the card's bestEpoch and stoppedEarly).</param>
/// <param name="BatchSize">Ratings per mini-batch.</param>
/// <param name="LearningRate">Adam's initial learning rate.</param>
/// <param name="LearningRateDecay">Learning-rate multiplier applied after each epoch.</param>
/// <param name="EmbeddingL2">λ_e: L2 on the user and movie embedding rows, once per rating.</param>
/// <param name="BiasL2">λ_b: L2 on the user and movie biases, once per rating.</param>
/// <param name="DenseL2">λ_w: L2 on the genre projection and MLP weights.</param>
/// <param name="Dropout">Dropout rate on the MLP's hidden units during training (0 = off).</param>
/// <param name="EmbeddingInitStd">Standard deviation of the embeddings' normal initialisation.</param>
/// <param name="Seed">Seed of the split, the initial weights and the shuffling.</param>
/// <param name="Patience">Epochs without a better validation RMSE before training stops.</param>
/// <param name="Optimizer">The optimiser and schedule, in words.</param>
/// <param name="AbsoluteErrorWeight">γ of the rating loss's γ|r̂ − r| term next to (r̂ − r)²; 0 = squared error only (and in cards written before it existed).</param>
/// <param name="MlpPrecision">The MLP's matrix products while training, as resolved on the machine that trained ("fp32" or "bf16"); null in cards written before it existed (float32).</param>
public sealed record HyperparametersCard(int Epochs, int BatchSize, float LearningRate, float LearningRateDecay,
    float EmbeddingL2, float BiasL2, float DenseL2, float Dropout, double EmbeddingInitStd, int Seed, int Patience, string Optimizer,
    float AbsoluteErrorWeight = 0, string? MlpPrecision = null);

/// <summary>The seeded random split of the ratings the model was trained, validated and tested on.</summary>
/// <param name="Seed">The split's seed (training's --seed).</param>
/// <param name="TestFraction">Each rating's probability of going to test (the realised counts are Train, Validation, Test).</param>
/// <param name="ValidationFraction">Each non-test rating's probability of going to validation (early stopping, β).</param>
/// <param name="Train">Training ratings.</param>
/// <param name="Validation">Validation ratings.</param>
/// <param name="Test">Test ratings (touched once, for the card's test figures).</param>
/// <param name="Algorithm">How each rating is assigned, reproducible from the data and the seed.</param>
/// <param name="FeedbackTrain">Feedback-database ratings (training --feedback) among the training ratings; 0 without feedback.</param>
/// <param name="FeedbackValidation">Feedback-database ratings among the validation ratings; 0 without feedback.</param>
/// <param name="FeedbackTest">Feedback-database ratings among the test ratings; 0 without feedback.</param>
public sealed record SplitCard(int Seed, double TestFraction, double ValidationFraction, int Train, int Validation, int Test, string Algorithm,
    int FeedbackTrain = 0, int FeedbackValidation = 0, int FeedbackTest = 0)
{
    /// <summary>The split this card records, drawn again on <paramref name="data"/> (the same seed and fractions give the same split).</summary>
    public RatingsSplit Of(Data.MovieLensDataset data) => RatingsSplit.Create(data, Seed, TestFraction, ValidationFraction);
}

/// <summary>The data the model was trained on.</summary>
/// <param name="Layout">The MovieLens file layout read (ML-1M's .dat files or the CSV layout).</param>
/// <param name="Ratings">Ratings read.</param>
/// <param name="Users">Users in the data (and rows of the user embedding).</param>
/// <param name="Movies">Catalogue movies, rated or not.</param>
/// <param name="Sha256">SHA-256 of each data file, by file name: evaluate checks it is given the same data.</param>
/// <param name="FeedbackRatings">Ratings merged in from the feedback database (training --feedback; counted in Ratings too); 0 without.</param>
/// <param name="FeedbackUsers">Users only the feedback database had (counted in Users too); 0 without.</param>
/// <param name="FeedbackMovies">Movies added through the API (POST /movies, not retired) that training made ordinary rows (counted in Movies too); 0 without.</param>
public sealed record DataCard(string Layout, int Ratings, int Users, int Movies, IReadOnlyDictionary<string, string> Sha256,
    int FeedbackRatings = 0, int FeedbackUsers = 0, int FeedbackMovies = 0);

/// <summary>Rating accuracy of one model on the test split.</summary>
/// <param name="Rmse">Root mean squared error of the predicted ratings (clamped to the rating scale).</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Count">Test ratings measured.</param>
public sealed record MetricsCard(double Rmse, double Mae, int Count);
