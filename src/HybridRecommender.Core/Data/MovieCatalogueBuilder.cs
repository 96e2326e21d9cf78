using System.Text;

namespace HybridRecommender.Core.Data;

/// <summary>
/// Collects the movies of a catalogue file in file order, checking ids, and builds the genre
/// vocabulary from the genres found (sorted ordinally, so the order does not depend on file order).
/// </summary>
internal sealed class MovieCatalogueBuilder
{
    /// <summary>The CSV layout's marker for a movie without genres.</summary>
    private const string NoGenres = "(no genres listed)";

    private readonly List<(int Id, string Title, int? Year, string[] Genres)> _movies = new();
    // Case-insensitive like GenreVocabulary, so "Comedy" and "comedy" are one genre (first spelling wins).
    private readonly Dictionary<string, string> _genres = new(StringComparer.OrdinalIgnoreCase);

    public DenseIdMap Ids { get; } = new();

    public void Add(DataFileReader file, ReadOnlySpan<byte> idField, ReadOnlySpan<byte> titleField, ReadOnlySpan<byte> genresField)
    {
        if (!FieldParsing.TryParseId(idField, out var id))
            throw file.Error($"movie id '{DataFileReader.Text(idField)}' is not a number");
        if (!Ids.TryAdd(id, out _))
            throw file.Error($"duplicate movie id {id}");

        var rawTitle = Encoding.UTF8.GetString(titleField);
        if (string.IsNullOrWhiteSpace(rawTitle))
            throw file.Error($"movie {id} has an empty title");
        var (title, year) = MovieTitle.Split(rawTitle);

        _movies.Add((id, title, year, ParseGenres(file, Encoding.UTF8.GetString(genresField))));
    }

    public (List<Movie> Movies, GenreVocabulary Genres) Build()
    {
        var names = _genres.Values.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        var vocabulary = new GenreVocabulary(names);
        var movies = new List<Movie>(_movies.Count);
        foreach (var (id, title, year, genres) in _movies)
            movies.Add(new Movie(id, title, year, genres));
        return (movies, vocabulary);
    }

    private string[] ParseGenres(DataFileReader file, string field)
    {
        var trimmed = field.Trim();
        if (trimmed.Length == 0 || trimmed.Equals(NoGenres, StringComparison.OrdinalIgnoreCase))
            return [];
        var parts = trimmed.Split('|', StringSplitOptions.TrimEntries);
        var genres = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var name = parts[i];
            if (name.Length == 0)
                throw file.Error("empty genre name");
            if (!_genres.TryGetValue(name, out var canonical))
            {
                if (_genres.Count == GenreVocabulary.MaxGenres)
                    throw file.Error($"genre '{name}' would be genre {GenreVocabulary.MaxGenres + 1}; at most {GenreVocabulary.MaxGenres} are supported");
                canonical = name;
                _genres.Add(name, canonical);
            }
            if (Array.IndexOf(genres, canonical, 0, i) >= 0)
                throw file.Error($"genre '{name}' is listed twice");
            genres[i] = canonical;
        }
        return genres;
    }
}
