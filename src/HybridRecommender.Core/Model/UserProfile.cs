namespace HybridRecommender.Core.Model;

/// <summary>
/// A user's side of the model: p_u (length = the model's dim) and b_u. Trained users have one per
/// row (<see cref="RatingScorer.TrainedProfile"/>); new users get one by fold-in (<see cref="UserFoldIn"/>).
/// </summary>
public sealed record UserProfile(float[] Vector, float Bias);
