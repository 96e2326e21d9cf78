using HybridRecommender.Core.Model;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// A user as the API scores them: a trained user (model row <see cref="ModelIndex"/>), or a user
/// created through the API. <see cref="Profile"/> is what ranking uses — the trained row, the trained
/// row moved by the user's API ratings, or a profile folded in from them; null for a new user with no
/// ratings yet (popular picks). <see cref="Rated"/> holds every movie index to exclude, sorted;
/// <see cref="Liked"/> the sorted subset the user liked (<see cref="Core.Bundle.LikedMovies"/>), the only movies an explanation cites.
/// <see cref="UnavailableNote"/> is set when the feedback database could not be read and the user is
/// served from what this server already had (see <see cref="ServingUsers.ResolveAsync"/>).
/// </summary>
public sealed record ServingUser(int Id, int? ModelIndex, UserProfile? Profile, int[] Rated, int[] Liked, int FeedbackRatings, long Version,
    string? UnavailableNote = null)
{
    public bool IsModelUser => ModelIndex is not null;

    public bool HasRated(int movie) => Array.BinarySearch(Rated, movie) >= 0;
}
