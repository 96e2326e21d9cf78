using HybridRecommender.Core.Bundle;

namespace HybridRecommender.Api.Feedback;

/// <summary>
/// The users whose data is public: those of the published data set the model was trained on (MovieLens).
/// Training with --feedback appends the feedback database's own users after the data set's users
/// (<see cref="DataCard.FeedbackUsers"/> of them), so the first <c>Users − FeedbackUsers</c> rows of
/// the model are the published ones. Everyone else — a user created with POST /users, trained into
/// the model or not — is private: only their token or the admin key reads what they rated.
/// </summary>
public static class PublishedUsers
{
    public static bool Contains(ModelBundle bundle, int userId) =>
        bundle.UserIds.TryGetIndex(userId, out var row) && row < bundle.Card.Data.Users - bundle.Card.Data.FeedbackUsers;
}
