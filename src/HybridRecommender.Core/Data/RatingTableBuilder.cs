namespace HybridRecommender.Core.Data;

/// <summary>Grows the parallel rating arrays while a ratings file is read; no object per rating.</summary>
internal sealed class RatingTableBuilder
{
    private int[] _user;
    private int[] _movie;
    private float[] _rating;
    private long[] _timestamp;

    public RatingTableBuilder(int capacity)
    {
        capacity = Math.Max(capacity, 16);
        _user = new int[capacity];
        _movie = new int[capacity];
        _rating = new float[capacity];
        _timestamp = new long[capacity];
    }

    public int Count { get; private set; }

    public void Add(int userIndex, int movieIndex, float rating, long timestamp)
    {
        if (Count == _user.Length)
            Grow();
        _user[Count] = userIndex;
        _movie[Count] = movieIndex;
        _rating[Count] = rating;
        _timestamp[Count] = timestamp;
        Count++;
    }

    /// <summary>
    /// The position of the first rating (in file order) that repeats an earlier (user, movie) pair,
    /// or -1. Ratings are bucketed by user with a counting sort, then each bucket is checked with one
    /// "last user seen" slot per movie: linear time, and no per-pair hash set.
    /// </summary>
    public int FirstDuplicate(int userCount, int movieCount)
    {
        var start = new int[userCount + 1];
        for (var i = 0; i < Count; i++)
            start[_user[i] + 1]++;
        for (var u = 0; u < userCount; u++)
            start[u + 1] += start[u];
        var next = (int[])start.Clone();
        var order = new int[Count];
        for (var i = 0; i < Count; i++)
            order[next[_user[i]]++] = i;

        var lastUser = new int[movieCount];
        Array.Fill(lastUser, -1);
        var first = -1;
        for (var u = 0; u < userCount; u++)
        {
            for (var k = start[u]; k < start[u + 1]; k++)
            {
                var i = order[k];
                var m = _movie[i];
                if (lastUser[m] == u)
                {
                    // Buckets keep file order, so i is this pair's later occurrence.
                    if (first < 0 || i < first)
                        first = i;
                }
                lastUser[m] = u;
            }
        }
        return first;
    }

    /// <summary>The message for a duplicate found by <see cref="FirstDuplicate"/>, in MovieLens ids.</summary>
    public string DuplicateProblem(int position, IReadOnlyList<int> userIds, IReadOnlyList<int> movieIds) =>
        $"duplicate rating: user {userIds[_user[position]]} already rated movie {movieIds[_movie[position]]} on an earlier line";

    public RatingTable Build()
    {
        if (Count != _user.Length)
        {
            Array.Resize(ref _user, Count);
            Array.Resize(ref _movie, Count);
            Array.Resize(ref _rating, Count);
            Array.Resize(ref _timestamp, Count);
        }
        return new RatingTable(_user, _movie, _rating, _timestamp);
    }

    private void Grow()
    {
        var size = (int)Math.Min(Array.MaxLength, (long)_user.Length * 2);
        Array.Resize(ref _user, size);
        Array.Resize(ref _movie, size);
        Array.Resize(ref _rating, size);
        Array.Resize(ref _timestamp, size);
    }
}
