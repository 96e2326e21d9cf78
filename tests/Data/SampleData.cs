namespace HybridRecommender.Tests.Data;

/// <summary>Small hand-written MovieLens files in both layouts.</summary>
internal static class SampleData
{
    // Movie 4 has no year and no ratings; movie 2 has a Latin-1 character; movie 3 a comma in the title.
    public const string MoviesDat =
        "1::Toy Story (1995)::Animation|Children's|Comedy\n" +
        "2::Café Society (1995)::Drama\n" +
        "3::City of Lost Children, The (1995)::Adventure|Sci-Fi\n" +
        "4::Untitled::Drama|Western\n";

    public const string UsersDat =
        "1::F::1::10::48067\n" +
        "2::M::56::16::70072\n" +
        "3::M::25::15::55117\n";

    public const string RatingsDat =
        "1::1::5::978300760\n" +
        "1::2::3::978302109\n" +
        "2::1::4::978301968\n" +
        "3::3::1::0\n";

    public const string MoviesCsv =
        "movieId,title,genres\n" +
        "1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\n" +
        "11,\"American President, The (1995)\",Comedy|Drama|Romance\n" +
        "20,\"\"\"Great Performances\"\" Cats (1998)\",Musical\n" +
        "30,Amélie (Fabuleux destin d'Amélie Poulain) (2001),Comedy|Romance\n" +
        "40,Some Documentary,(no genres listed)\n";

    public const string RatingsCsv =
        "userId,movieId,rating,timestamp\n" +
        "7,1,4.0,964982703\n" +
        "3,11,0.5,964981247\n" +
        "7,30,3.5,964982224\n" +
        "5,1,5,964983815\n";

    public static TemporaryFolder Ml1M(string? movies = null, string? users = null, string? ratings = null)
    {
        var folder = new TemporaryFolder();
        folder.Write("movies.dat", movies ?? MoviesDat);
        folder.Write("users.dat", users ?? UsersDat);
        folder.Write("ratings.dat", ratings ?? RatingsDat);
        return folder;
    }

    public static TemporaryFolder Csv(string? movies = null, string? ratings = null)
    {
        var folder = new TemporaryFolder();
        folder.Write("movies.csv", movies ?? MoviesCsv);
        folder.Write("ratings.csv", ratings ?? RatingsCsv);
        return folder;
    }
}
