using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HybridRecommender.Core.Data;
using HybridRecommender.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HybridRecommender.Tests.Api;

/// <summary>The committed model's explanations checked against the person's own ratings in ratings.dat.</summary>
public sealed partial class ExplanationTasteTests : IDisposable
{
    private readonly string _feedbackFolder = Path.Combine(Path.GetTempPath(), "hr-taste-" + Guid.NewGuid().ToString("N"));

    [CommittedBundleFact]
    public async Task For_users_1_to_200_every_because_movie_was_rated_at_least_min_4_and_their_mean_and_at_least_3()
    {
        var data = MovieLensReader.Load(RealData.Directory!);
        var byUser = new Dictionary<int, Dictionary<int, float>>();
        var r = data.Ratings;
        for (var i = 0; i < r.Count; i++)
        {
            var userId = data.UserIds.Ids[r.UserIndex[i]];
            if (userId > 200) continue;
            if (!byUser.TryGetValue(userId, out var ratings)) byUser[userId] = ratings = [];
            ratings[data.MovieIds.Ids[r.MovieIndex[i]]] = r.Rating[i];
        }
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Model:Path", CommittedBundle.Directory)
            .UseSetting("Feedback:Folder", _feedbackFolder));
        var client = factory.CreateClient();

        var cited = 0;
        for (var userId = 1; userId <= 200; userId++)
        {
            var ratings = byUser[userId];
            var mean = ratings.Values.Average(v => (double)v);
            var json = await client.GetFromJsonAsync<JsonElement>($"/recommend?user={userId}");
            foreach (var item in json.GetProperty("items").EnumerateArray())
            {
                var reason = item.GetProperty("reason").GetString()!;
                // A cited title is the movie's own name ("Patch Adams"), not jargon: the rest of the sentence is checked.
                var title = item.TryGetProperty("because", out var cites) ? cites.GetProperty("title").GetString()! : "";
                Assert.DoesNotMatch(Jargon(), title.Length > 0 ? reason.Replace(title, "", StringComparison.Ordinal) : reason);
                if (!item.TryGetProperty("because", out var because))
                {
                    Assert.DoesNotMatch(@"\d", reason); // the figures have their own fields
                    continue;
                }
                var movieId = because.GetProperty("movieId").GetInt32();
                Assert.True(ratings.TryGetValue(movieId, out var given), $"user {userId}: because-movie {movieId} is not among their ratings");
                Assert.True(given >= Math.Min(4, mean) && given >= 3,
                    $"user {userId} (mean {mean:F2}) rated because-movie {movieId} {given}★");
                Assert.Equal($"Because you liked {because.GetProperty("title").GetString()}.", reason); // the title alone: no figures
                cited++;
            }
        }
        Assert.True(cited > 1000, $"only {cited} of 2,000 picks cite a liked movie"); // the rule filters, it does not silence
    }

    // Words a person should not have to read: the model's internals and the HTTP API's.
    [GeneratedRegex(@"(?i:cosine|movie space|fold)|\bAPI\b|\b(GET|PUT|POST|DELETE|PATCH)\b")]
    internal static partial Regex Jargon();

    public void Dispose()
    {
        try { if (Directory.Exists(_feedbackFolder)) Directory.Delete(_feedbackFolder, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* best effort: temp folder */ }
    }
}
