namespace HybridRecommender.Core.Versions;

/// <summary>What a stored model version was trained from and how it fared against the version it was compared with.</summary>
/// <param name="Producer">What wrote it: <c>worker</c> (a scheduled tick) or <c>retrain</c> (the one-shot command).</param>
/// <param name="TrainedAt">When its training finished.</param>
/// <param name="DataSnapshotAt">When the feedback ratings it learned from were read (later ratings are not in it).</param>
/// <param name="Data">The data it was trained on.</param>
/// <param name="Gate">The quality gate's comparison with the version served when it was trained.</param>
public sealed record ModelVersionInfo(string Producer, DateTimeOffset TrainedAt, DateTimeOffset DataSnapshotAt, ModelVersionData Data, GateComparison Gate);

/// <summary>The data a version was trained on.</summary>
/// <param name="MovieLensRatings">Ratings read from the MovieLens files.</param>
/// <param name="MovieLensUsers">Users in the MovieLens files.</param>
/// <param name="MovieLensMovies">Movies in the MovieLens files.</param>
/// <param name="FeedbackRatings">Ratings given through the API that training used (an API rating of a movie the user rated in MovieLens replaces it).</param>
/// <param name="FeedbackUsers">Users created through the API who became trained rows.</param>
/// <param name="AddedMovies">Catalogue movies beyond the MovieLens files.</param>
public sealed record ModelVersionData(int MovieLensRatings, int MovieLensUsers, int MovieLensMovies, int FeedbackRatings, int FeedbackUsers, int AddedMovies);

/// <summary>
/// The candidate and the served version measured on the same validation ratings: the candidate's split (the served version's seed, so
/// neither trained on them), restricted to users and movies both models know.
/// </summary>
/// <param name="ComparedWith">What it was compared with: <c>v7</c> (a stored version) or the committed bundle's folder.</param>
/// <param name="ComparedWithVersion">The stored version it was compared with; null for the committed bundle.</param>
/// <param name="ValidationRatings">Validation ratings both models could score (RMSE).</param>
/// <param name="RankingUsers">Validation users ranked (NDCG@10: relevant = validation ratings ≥ 4, train movies excluded).</param>
/// <param name="Candidate">The candidate's figures.</param>
/// <param name="Current">The compared version's figures.</param>
/// <param name="RmseTolerance">How much higher the candidate's RMSE may be.</param>
/// <param name="NdcgTolerance">How much lower the candidate's NDCG@10 may be.</param>
/// <param name="Passed">Whether the candidate was within both tolerances.</param>
/// <param name="Reason">The decision in words, with the figures.</param>
public sealed record GateComparison(string ComparedWith, int? ComparedWithVersion, int ValidationRatings, int RankingUsers,
    ValidationFigures Candidate, ValidationFigures Current, double RmseTolerance, double NdcgTolerance, bool Passed, string Reason);

/// <summary>A model's figures on the gate's validation ratings.</summary>
/// <param name="Rmse">RMSE of the predicted ratings.</param>
/// <param name="Ndcg">NDCG@10 of the served ranking.</param>
public sealed record ValidationFigures(double Rmse, double Ndcg);
