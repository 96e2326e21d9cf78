using System.Text.Json;
using System.Text.Json.Serialization;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.IO;
using HybridRecommender.Core.Model;

namespace HybridRecommender.Core.Bundle;

/// <summary>
/// Everything the API needs to serve, as written to model/ by the trainer:
/// <list type="bullet">
/// <item><c>card.json</c> — <see cref="ModelCard"/> (architecture, id ↔ index maps, genres, metrics)</item>
/// <item><c>weights.safetensors</c> — the network's state dict (F32, PyTorch names and shapes)</item>
/// <item><c>movies.json</c> — the catalogue with per-movie training rating count and mean</item>
/// <item><c>rated.bin</c> — each user's rated movie indices (to exclude them), no rating values</item>
/// <item><c>liked.bin</c> — the subset each user liked (<see cref="LikedMovies"/>; rated.bin's layout), the only movies an explanation may cite</item>
/// </list>
/// Loading validates every part against the card; a bundle that does not fit is refused whole.
/// </summary>
public sealed class ModelBundle
{
    public const string CardFile = "card.json";
    public const string WeightsFile = "weights.safetensors";
    public const string MoviesFile = "movies.json";
    public const string RatedFile = "rated.bin";
    public const string LikedFile = "liked.bin";
    public const string RetrainHint = "Run `dotnet run --project training` to train and write a fresh bundle.";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // A card with a required member set to null is refused with a JSON error naming it, not a NullReferenceException later.
        RespectNullableAnnotations = true,
    };

    public ModelBundle(ModelCard card, HybridWeights network, IReadOnlyList<CatalogueEntry> movies, int[][] ratedByUser, int[][] likedByUser)
    {
        if (likedByUser.Length != ratedByUser.Length)
            throw new ArgumentException($"liked movies are given for {likedByUser.Length} users, rated movies for {ratedByUser.Length}.");
        for (var u = 0; u < likedByUser.Length; u++)
            foreach (var m in likedByUser[u])
                if (Array.BinarySearch(ratedByUser[u], m) < 0)
                    throw new ArgumentException($"user index {u} likes movie index {m} without having rated it.");
        Card = card;
        Network = network;
        Movies = movies;
        RatedByUser = ratedByUser;
        LikedByUser = likedByUser;
        Genres = new GenreVocabulary(card.Genres);
        UserIds = new IdIndex(card.UserIds);
        MovieIds = new IdIndex(card.MovieIds);
        MovieGenreMask = movies.Select(m => Genres.MaskOf(m.Genres)).ToArray();
        Scorer = new RatingScorer(network, card.MinRating, card.MaxRating);
        _ranking = new Lazy<ServedRanking>(BuildRanking, LazyThreadSafetyMode.ExecutionAndPublication);
        _foldInPrior = new Lazy<RatedMoviesPrior?>(() => TrainPositives() is var train && RatedMoviesPrior.Fits(train)
                ? RatedMoviesPrior.Fit(train, Scorer, threads: Environment.ProcessorCount)
                : null,
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private readonly Lazy<ServedRanking> _ranking;
    private readonly Lazy<RatedMoviesPrior?> _foldInPrior;

    public ModelCard Card { get; }
    public HybridWeights Network { get; }
    /// <summary>Catalogue in movie-index order.</summary>
    public IReadOnlyList<CatalogueEntry> Movies { get; }
    /// <summary>Per user index, sorted movie indices the user rated.</summary>
    public int[][] RatedByUser { get; }
    /// <summary>Per user index, the sorted movie indices among <see cref="RatedByUser"/> the user liked (<see cref="LikedMovies"/>).</summary>
    public int[][] LikedByUser { get; }
    public GenreVocabulary Genres { get; }
    public IdIndex UserIds { get; }
    public IdIndex MovieIds { get; }
    public ulong[] MovieGenreMask { get; }
    /// <summary>The one scoring path, built once at load.</summary>
    public RatingScorer Scorer { get; }
    /// <summary>Stand-in rows for a movie from its genres and year (the network's content path); null for a bundle without one.</summary>
    public ContentTower? ContentRows => Network.ContentTower;

    /// <summary>
    /// The ranking score /recommend serves (<see cref="ServedRanking"/>), built on first use: with the card's item–item
    /// term, EASE^R is fitted at the card's λ on the train split's positives — recovered from <c>rated.bin</c> and the
    /// card's split, a pure function of the ids — so it equals the one evaluate and validation fit from the data (≈ n³ flops
    /// for n movies with a train rating: a few seconds for ML-1M; docs/MODEL.md, "Item–item term"). Above
    /// <see cref="ServedRanking.ItemItemMovieLimit"/> movies the dense B cannot be held and the score drops the term (s + β·r̂).
    /// </summary>
    public ServedRanking Ranking => _ranking.Value;

    /// <summary>
    /// The fold-in prior of users with no trained row (<see cref="RatedMoviesPrior"/>, used through <see cref="NewUserFoldIn"/>),
    /// fitted on first use from the bundle itself — the train pairs of <c>rated.bin</c> and the trained user rows — so any bundle,
    /// old or retrained, has it with no training run (≈ n³ flops for n movies with a train rating, as the item–item term;
    /// docs/MODEL.md, "Fold-in prior").
    /// </summary>
    public RatedMoviesPrior? FoldInPrior => _foldInPrior.Value;

    private ServedRanking BuildRanking()
    {
        var r = Card.Ranking;
        var itemItem = r is { ItemItemLambda: { } lambda } && (r.ItemItemWeight > 0 || r.FoldInItemItemWeight > 0) && Movies.Count <= ServedRanking.ItemItemMovieLimit
            ? Evaluation.EaseRanker.Fit(TrainPositives(), lambda, Environment.ProcessorCount)
            : null;
        return new ServedRanking(Scorer, r?.RatingWeight ?? 0f, itemItem, r?.ItemItemWeight ?? 0f, r?.FoldInRatingWeight, r?.FoldInItemItemWeight);
    }

    /// <summary>X of the train split: each user's rated movies (<see cref="RatedByUser"/>) that the card's split puts in train.</summary>
    public Evaluation.ImplicitFeedback TrainPositives()
    {
        var s = Card.Split;
        var lists = new int[RatedByUser.Length][];
        for (var u = 0; u < lists.Length; u++)
        {
            var userId = UserIds.IdAt(u);
            lists[u] = RatedByUser[u].Where(m => Training.RatingsSplit.IsTrain(userId, MovieIds.IdAt(m), s.Seed, s.TestFraction, s.ValidationFraction)).ToArray();
        }
        return Evaluation.ImplicitFeedback.FromLists(lists, Movies.Count);
    }

    public bool HasRated(int user, int movie) => Array.BinarySearch(RatedByUser[user], movie) >= 0;

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        SafeTensorsFile.Write(Path.Combine(directory, WeightsFile), Network.StateDict(),
            new Dictionary<string, string> { ["format"] = "pt", ["producer"] = "HybridRecommender", ["card"] = CardFile });
        WriteJson(Path.Combine(directory, MoviesFile), Movies);
        RatedMoviesFile.Write(Path.Combine(directory, RatedFile), RatedByUser, Movies.Count);
        RatedMoviesFile.Write(Path.Combine(directory, LikedFile), LikedByUser, Movies.Count);
        // The card goes last: a bundle with a card is a complete bundle.
        WriteJson(Path.Combine(directory, CardFile), Card);
    }

    private static void WriteJson<T>(string path, T value)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    /// <summary>Loads and validates a bundle; throws <see cref="ModelFormatException"/> saying what is wrong and how to fix it.</summary>
    public static ModelBundle Load(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
            throw new ModelFormatException($"Model folder '{full}' does not exist. {RetrainHint}");
        foreach (var f in new[] { CardFile, WeightsFile, MoviesFile, RatedFile, LikedFile })
            if (!File.Exists(Path.Combine(full, f)))
                throw new ModelFormatException($"Model bundle '{full}' is missing {f}. {RetrainHint}");

        var card = ReadJson<ModelCard>(Path.Combine(full, CardFile));
        if (card.FormatVersion != ModelCard.CurrentFormatVersion)
            throw new ModelFormatException($"{CardFile} has format version {card.FormatVersion}; this build reads version {ModelCard.CurrentFormatVersion}. {RetrainHint}");
        var a = card.Architecture;
        if (card.UserIds.Count != a.Users || card.MovieIds.Count != a.Movies || card.Genres.Count != a.Genres)
            throw new ModelFormatException($"{CardFile} is inconsistent: {card.UserIds.Count} user ids / {card.MovieIds.Count} movie ids / {card.Genres.Count} genres for an architecture of {a.Users} users, {a.Movies} movies, {a.Genres} genres. {RetrainHint}");

        // movies.json is parsed on another thread while the weights are read (at a million movies each takes seconds); the weights'
        // problems are still reported first.
        var moviesRead = Task.Run(() => ReadJson<List<CatalogueEntry>>(Path.Combine(full, MoviesFile)));
        var network = new HybridWeights(new HybridNetworkShape(a.Users, a.Movies, a.Genres, a.Dim, a.Hidden, a.RelevanceHead));
        SafeTensorsContent weights;
        try { weights = SafeTensorsFile.Read(Path.Combine(full, WeightsFile)); }
        catch (SafeTensorsFormatException e) { throw new ModelFormatException($"{e.Message} {RetrainHint}", e); }
        try { network.LoadStateDict(weights.Tensors); }
        catch (ModelFormatException e) { throw new ModelFormatException($"{WeightsFile} does not match {CardFile}: {e.Message} {RetrainHint}", e); }

        var movies = moviesRead.GetAwaiter().GetResult();
        if (movies.Count != a.Movies)
            throw new ModelFormatException($"{MoviesFile} lists {movies.Count} movies; {CardFile} lists {a.Movies}. {RetrainHint}");
        for (var i = 0; i < movies.Count; i++)
            if (movies[i].Id != card.MovieIds[i])
                throw new ModelFormatException($"{MoviesFile} entry {i} is movie {movies[i].Id}; {CardFile} maps index {i} to movie {card.MovieIds[i]}. {RetrainHint}");
        var rated = RatedMoviesFile.Read(Path.Combine(full, RatedFile), a.Users, a.Movies);
        var liked = RatedMoviesFile.Read(Path.Combine(full, LikedFile), a.Users, a.Movies);
        try { return new ModelBundle(card, network, movies, rated, liked); }
        catch (ArgumentException e) { throw new ModelFormatException($"Model bundle '{full}' is inconsistent: {e.Message} {RetrainHint}", e); }
    }

    private static T ReadJson<T>(string path)
    {
        try
        {
            using var s = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(s, Json) ?? throw new ModelFormatException($"{Path.GetFileName(path)} is empty. {RetrainHint}");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{Path.GetFileName(path)} is not valid: {e.Message} {RetrainHint}", e);
        }
    }
}
