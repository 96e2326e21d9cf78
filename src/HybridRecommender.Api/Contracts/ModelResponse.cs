using System.Text.Json.Serialization;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Training;
using HybridRecommender.Core.Versions;

namespace HybridRecommender.Api.Contracts;

/// <summary>The model card without the id maps (thousands of ids that say nothing to a reader).</summary>
/// <param name="Model">Model name.</param>
/// <param name="FormatVersion">Bundle format version.</param>
/// <param name="Architecture">Sizes, parameter count, cost per rating, and the formula.</param>
/// <param name="Hyperparameters">Training settings.</param>
/// <param name="Split">How ratings were split into train / validation / test.</param>
/// <param name="Data">Dataset layout, sizes and file fingerprints.</param>
/// <param name="GlobalMean">Mean training rating.</param>
/// <param name="MinRating">Lowest rating; predictions are clamped to it.</param>
/// <param name="MaxRating">Highest rating; predictions are clamped to it.</param>
/// <param name="Genres">Genre vocabulary in multi-hot order.</param>
/// <param name="Epochs">Per-epoch training and validation figures.</param>
/// <param name="BestEpoch">The epoch whose weights were kept.</param>
/// <param name="StoppedEarly">Whether early stopping ended training.</param>
/// <param name="Test">Test-set RMSE / MAE of this model and the baselines, by name.</param>
/// <param name="TrainingSeconds">Wall-clock training time.</param>
/// <param name="TrainedAt">When training finished.</param>
/// <param name="Threads">Training threads.</param>
/// <param name="Ranking">How /recommend ranks: the relevance head's loss weight and L2, β (the predicted rating's weight in the
/// ranking score), w and λ of the item–item (EASE^R) term, and every point tried on validation; left out for a rating-only model,
/// which ranks by predicted rating.</param>
/// <param name="Version">The stored model version served (training program: `models list`); absent for the configured folder (Model:Path, the committed model/).</param>
/// <param name="VersionInfo">The stored version's metadata: the data it was trained from, when, and its quality-gate comparison; absent with <c>version</c>.</param>
public sealed record ModelResponse(
    string Model,
    int FormatVersion,
    ArchitectureCard Architecture,
    HyperparametersCard Hyperparameters,
    SplitCard Split,
    DataCard Data,
    float GlobalMean,
    float MinRating,
    float MaxRating,
    IReadOnlyList<string> Genres,
    IReadOnlyList<EpochMetrics> Epochs,
    int BestEpoch,
    bool StoppedEarly,
    IReadOnlyDictionary<string, MetricsCard> Test,
    double TrainingSeconds,
    DateTimeOffset TrainedAt,
    int Threads,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RankingCard? Ranking,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Version = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ModelVersionInfo? VersionInfo = null)
{
    public static ModelResponse From(ModelCard c, (int Version, ModelVersionInfo? Info)? version = null) => new(c.Model, c.FormatVersion, c.Architecture, c.Hyperparameters, c.Split, c.Data,
        c.GlobalMean, c.MinRating, c.MaxRating, c.Genres, c.Epochs, c.BestEpoch, c.StoppedEarly, c.Test, c.TrainingSeconds, c.TrainedAt, c.Threads, c.Ranking,
        version?.Version, version?.Info);
}
