using HybridRecommender.Core.Data;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Data;

/// <summary>The reader on the real MovieLens 1M (ML1M_DIR), against the figures of its README.</summary>
public class RealMovieLens1MTests
{
    [RealDataFact]
    public void Loads_the_whole_dataset()
    {
        var d = MovieLensReader.Load(RealData.Directory!);

        Assert.Equal(DatasetLayout.MovieLens1M, d.Layout);
        Assert.Equal(1_000_209, d.Ratings.Count);
        Assert.Equal(6_040, d.Users.Count);
        Assert.Equal(3_883, d.Movies.Count);
        Assert.Equal(3_706, d.RatedMovieCount());
        Assert.Equal(
            ["Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
             "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"],
            d.Genres.Names);

        var toyStory = d.Movies[0];
        Assert.Equal(1, toyStory.Id);
        Assert.Equal("Toy Story", toyStory.Title);
        Assert.Equal(1995, toyStory.Year);
        Assert.Equal(["Animation", "Children's", "Comedy"], toyStory.Genres);

        Assert.Equal(1, d.UserIds.IdAt(d.Ratings.UserIndex[0]));
        Assert.Equal(1193, d.MovieIds.IdAt(d.Ratings.MovieIndex[0]));
        Assert.Equal(5f, d.Ratings.Rating[0]);
        Assert.Equal(978300760L, d.Ratings.Timestamp[0]);

        Assert.Equal(new User(1, "F", 1, 10, "48067"), d.Users[0]);
        Assert.All(d.Ratings.Rating, r => Assert.InRange(r, 1f, 5f));
    }

    [RealDataFact]
    public void Reads_latin1_titles()
    {
        var d = MovieLensReader.Load(RealData.Directory!);

        // Accented titles exist in movies.dat only as Latin-1 bytes; none may decode to U+FFFD.
        Assert.DoesNotContain(d.Movies, m => m.Title.Contains('\uFFFD'));
        Assert.Contains(d.Movies, m => m.Title.Any(c => c > 127));
    }
}
