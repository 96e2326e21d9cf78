namespace HybridRecommender.Core.Model;

/// <summary>
/// Fits a movie's rows from its ratings with the user side frozen: the mirror of <see cref="UserFoldIn"/>, for movies added
/// after training (docs/MODEL.md, "Item fold-in"). Both heads:
/// <list type="bullet">
/// <item>rating head — (q, b) minimising Σ_u (r̂(u) − r_u)² + λ_q‖q − q0‖² + λ_b(b − b0)² by Gauss–Newton with backtracking
/// (r̂ is piecewise linear in q, as in p: the same method and solver as the user's fit);</item>
/// <item>relevance head — (v, c) minimising α Σ_u [log(Z_u + e^{s_u}) − s_u] + λ_q‖v − v0‖² + λ_b(c − c0)², s_u = p_u·v + c,
/// Z_u = Σ_j e^{s(u, j)} over the trained catalogue: the raters' choices of this movie among the catalogue, by damped
/// Newton (convex). Users who have not rated it add no term: a new movie has not yet had the time to be chosen, and counting
/// them as rejections would bury it.</item>
/// </list>
/// The prior (q0, b0, v0, c0) is the movie's content rows (<see cref="IContentRowSource"/>); the genre row g stays fixed.
/// The penalties and α are <see cref="FoldInOptions"/>' (λ_q = VectorPenalty, λ_b = BiasPenalty, α = RelevanceWeight): the
/// user fit's validation-tuned values, reused, not tuned for movies. With no ratings the result is the prior. Thread-safe.
/// </summary>
public sealed class MovieFoldIn
{
    private const int MaxHalvings = 8;
    private readonly RatingScorer _scorer;

    /// <param name="scorer">The model whose user side is frozen (its trained catalogue defines Z_u).</param>
    /// <param name="options">Penalties, α, step cap and tolerance (null: <see cref="FoldInOptions.Default"/>).</param>
    public MovieFoldIn(RatingScorer scorer, FoldInOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        options ??= FoldInOptions.Default;
        _ = new UserFoldIn(scorer, options); // the same checks of the options
        _scorer = scorer;
        Options = options;
    }

    public FoldInOptions Options { get; }

    /// <summary>
    /// The movie's rows fitted to <paramref name="ratings"/> given by the users whose sides are the rows of
    /// <paramref name="users"/> ([n, dim]) and <paramref name="userBiases"/> ([n]), starting from and pulled towards
    /// <paramref name="prior"/>. Ratings are on the model's scale.
    /// </summary>
    public MovieRow Fit(MovieRow prior, ReadOnlySpan<float> users, ReadOnlySpan<float> userBiases, ReadOnlySpan<float> ratings)
        => Fit(prior, users, userBiases, ratings, out _);

    internal MovieRow Fit(MovieRow prior, ReadOnlySpan<float> users, ReadOnlySpan<float> userBiases, ReadOnlySpan<float> ratings, out int steps)
    {
        var dim = _scorer.Dim;
        Validate(prior, users, userBiases, ratings, dim);
        steps = 0;
        if (ratings.Length == 0) return Copy(prior);
        var (q, b) = FitRatingRows(prior, users, userBiases, ratings, ref steps);
        var relevance = prior.Relevance is null ? null : (float[])prior.Relevance.Clone();
        var relevanceBias = prior.RelevanceBias;
        if (_scorer.HasRelevanceHead && Options.RelevanceWeight > 0)
            (relevance, relevanceBias) = FitRelevanceRows(prior, users, ratings.Length);
        return new MovieRow(q, b, (float[])prior.Genres.Clone(), relevance!, relevanceBias);
    }

    private (float[] Q, float B) FitRatingRows(MovieRow prior, ReadOnlySpan<float> users, ReadOnlySpan<float> userBiases, ReadOnlySpan<float> ratings, ref int steps)
    {
        var dim = _scorer.Dim;
        var n = ratings.Length;
        var cols = dim + 1;
        var penalty = new double[cols];
        Array.Fill(penalty, Options.VectorPenalty, 0, dim);
        penalty[dim] = Options.BiasPenalty;
        var start = new double[cols];
        for (var d = 0; d < dim; d++) start[d] = prior.Embedding[d];
        start[dim] = prior.Bias;

        var q = (float[])prior.Embedding.Clone();
        var b = prior.Bias;
        var scores = new float[n];
        var jacobian = new float[n * dim];
        var trialQ = new float[dim];
        var trialScores = new float[n];
        var gradient = new double[cols];
        var step = new double[cols];
        var solver = new RegularisedLeastSquares(n, cols);

        _scorer.RawScoresOfMovie(q, b, prior.Genres, users, userBiases, scores, jacobian);
        var objective = UserFoldIn.Objective(scores, ratings, q, b, start, penalty);
        for (var iteration = 0; iteration < Options.MaxIterations; iteration++)
        {
            UserFoldIn.HalvedGradient(q, b, start, penalty, scores, ratings, jacobian, default, 0, gradient);
            solver.Solve(jacobian, penalty, gradient, step);
            var accepted = false;
            var trialB = b;
            var trialObjective = 0.0;
            var alpha = 1.0;
            for (var halving = 0; halving <= MaxHalvings && !accepted; halving++, alpha /= 2)
            {
                for (var d = 0; d < dim; d++) trialQ[d] = (float)(q[d] - alpha * step[d]);
                trialB = (float)(b - alpha * step[dim]);
                _scorer.RawScoresOfMovie(trialQ, trialB, prior.Genres, users, userBiases, trialScores, default);
                trialObjective = UserFoldIn.Objective(trialScores, ratings, trialQ, trialB, start, penalty);
                accepted = trialObjective < objective;
            }
            if (!accepted) break; // no decrease along the step: at a minimum (or a kink) to float precision
            trialQ.CopyTo(q, 0);
            b = trialB;
            steps++;
            var decrease = objective - trialObjective;
            objective = trialObjective;
            if (decrease <= Options.Tolerance * objective) break;
            if (iteration + 1 < Options.MaxIterations) _scorer.RawScoresOfMovie(q, b, prior.Genres, users, userBiases, scores, jacobian);
        }
        return (q, b);
    }

    /// <summary>The relevance rows (v, c) by damped Newton on α·Σ softplus(log Z_u − s_u) + the prior's penalty.</summary>
    private (float[] V, float C) FitRelevanceRows(MovieRow prior, ReadOnlySpan<float> users, int n)
    {
        var dim = _scorer.Dim;
        var cols = dim + 1;
        double alpha = Options.RelevanceWeight;
        var logPartition = new double[n];
        for (var u = 0; u < n; u++) logPartition[u] = _scorer.TrainedLogPartition(users.Slice(u * dim, dim));
        var penalty = new double[cols];
        Array.Fill(penalty, Options.VectorPenalty, 0, dim);
        penalty[dim] = Options.BiasPenalty;
        var start = new double[cols];
        for (var d = 0; d < dim; d++) start[d] = prior.Relevance[d];
        start[dim] = prior.RelevanceBias;

        var v = (float[])prior.Relevance.Clone();
        var c = prior.RelevanceBias;
        var trialV = new float[dim];
        var hessian = new double[cols * cols];
        var step = new double[cols];
        var objective = RelevanceObjective(v, c, users, logPartition, start, penalty, alpha);
        for (var iteration = 0; iteration < Options.MaxIterations; iteration++)
        {
            // Halved gradient and Hessian: Λ(θ − θ0) + ½α Σ (σ_u − 1) x_u and Λ + ½α Σ σ_u(1 − σ_u) x_u x_uᵀ, x_u = [p_u, 1].
            Array.Clear(hessian);
            for (var k = 0; k < cols; k++)
            {
                step[k] = penalty[k] * ((k < dim ? v[k] : c) - start[k]);
                hessian[k * cols + k] = penalty[k];
            }
            for (var u = 0; u < n; u++)
            {
                var p = users.Slice(u * dim, dim);
                var sigma = Sigmoid(RatingScorer.FusedDot(p, v) + c - logPartition[u]);
                var g = 0.5 * alpha * (sigma - 1);
                var h = 0.5 * alpha * sigma * (1 - sigma);
                for (var a = 0; a < cols; a++)
                {
                    var xa = a < dim ? p[a] : 1f;
                    step[a] += g * xa;
                    for (var bb = 0; bb <= a; bb++) hessian[a * cols + bb] += h * xa * (bb < dim ? p[bb] : 1f);
                }
            }
            Cholesky.SolveInPlace(hessian, cols, step);
            var accepted = false;
            var trialC = c;
            var trialObjective = 0.0;
            var scale = 1.0;
            for (var halving = 0; halving <= MaxHalvings && !accepted; halving++, scale /= 2)
            {
                for (var d = 0; d < dim; d++) trialV[d] = (float)(v[d] - scale * step[d]);
                trialC = (float)(c - scale * step[dim]);
                trialObjective = RelevanceObjective(trialV, trialC, users, logPartition, start, penalty, alpha);
                accepted = trialObjective < objective;
            }
            if (!accepted) break;
            trialV.CopyTo(v, 0);
            c = trialC;
            var decrease = objective - trialObjective;
            objective = trialObjective;
            if (decrease <= Options.Tolerance * objective) break;
        }
        return (v, c);
    }

    /// <summary>α Σ_u log(1 + Z_u e^{−s_u}) + Σ λ (θ − θ0)², in double (for tests: the relevance fit's objective).</summary>
    internal static double RelevanceObjective(ReadOnlySpan<float> v, float c, ReadOnlySpan<float> users, ReadOnlySpan<double> logPartition,
        ReadOnlySpan<double> start, ReadOnlySpan<double> penalty, double alpha)
    {
        var dim = v.Length;
        double sum = 0;
        for (var u = 0; u < logPartition.Length; u++)
            sum += Softplus(logPartition[u] - (RatingScorer.FusedDot(users.Slice(u * dim, dim), v) + c));
        sum *= alpha;
        for (var d = 0; d < dim; d++) sum += penalty[d] * (v[d] - start[d]) * (v[d] - start[d]);
        return sum + penalty[dim] * (c - start[dim]) * (c - start[dim]);
    }

    private static double Softplus(double t) => Math.Max(t, 0) + Math.Log(1 + Math.Exp(-Math.Abs(t)));

    private static double Sigmoid(double t) => t >= 0 ? 1 / (1 + Math.Exp(-t)) : Math.Exp(t) / (1 + Math.Exp(t));

    private static MovieRow Copy(MovieRow r) =>
        new((float[])r.Embedding.Clone(), r.Bias, (float[])r.Genres.Clone(), r.Relevance is null ? null! : (float[])r.Relevance.Clone(), r.RelevanceBias);

    private void Validate(MovieRow prior, ReadOnlySpan<float> users, ReadOnlySpan<float> userBiases, ReadOnlySpan<float> ratings, int dim)
    {
        _scorer.CheckRow(prior, nameof(prior));
        if (userBiases.Length != ratings.Length || users.Length != ratings.Length * dim)
            throw new ArgumentException($"users must hold {ratings.Length} rows of {dim} and userBiases {ratings.Length} numbers, one per rating; got {users.Length} and {userBiases.Length}.", nameof(users));
        for (var j = 0; j < ratings.Length; j++)
        {
            var r = ratings[j];
            if (!float.IsFinite(r) || r < _scorer.MinRating || r > _scorer.MaxRating)
                throw new ArgumentException($"ratings[{j}] = {r} is not on the model's rating scale ({_scorer.MinRating} to {_scorer.MaxRating}).", nameof(ratings));
        }
        foreach (var x in users) if (!float.IsFinite(x)) throw new ArgumentException("The users' vectors must be finite numbers.", nameof(users));
        foreach (var x in userBiases) if (!float.IsFinite(x)) throw new ArgumentException("The users' biases must be finite numbers.", nameof(userBiases));
    }
}
