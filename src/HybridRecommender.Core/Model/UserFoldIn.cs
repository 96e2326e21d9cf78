namespace HybridRecommender.Core.Model;

/// <summary>
/// Fits a user's side of the model (p, b) to their ratings with the movie side frozen, minimising
/// Σ_j (r̂_j − r_j)² + λ_p‖p − p0‖² + λ_b(b − b0)² where (p0, b0) is the prior: a trained user's own
/// row, or zero for a new user (docs/MODEL.md, "Fold-in").
/// <para>
/// Method: Gauss–Newton with a backtracking line search. With the movie side frozen r̂ is piecewise
/// linear in (p, b) (a dot product plus a ReLU network of p), so on the linear piece the current point
/// is on, the objective is an exact quadratic and one Gauss–Newton step is its exact minimiser; the
/// line search only matters when that step crosses ReLU kinks. Each step solves a (dim+1)² system,
/// or the n×n dual of it when there are fewer ratings than unknowns (same solution, Woodbury identity).
/// Thread-safe; allocates only per call.
/// </para>
/// </summary>
public sealed class UserFoldIn
{
    private const int MaxHalvings = 8;
    private readonly RatingScorer _scorer;

    public UserFoldIn(RatingScorer scorer, FoldInOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        options ??= FoldInOptions.Default;
        if (!(options.VectorPenalty > 0) || !float.IsFinite(options.VectorPenalty))
            throw new ArgumentOutOfRangeException(nameof(options), $"VectorPenalty must be a positive finite number; got {options.VectorPenalty}.");
        if (!(options.BiasPenalty > 0) || !float.IsFinite(options.BiasPenalty))
            throw new ArgumentOutOfRangeException(nameof(options), $"BiasPenalty must be a positive finite number; got {options.BiasPenalty}.");
        if (options.MaxIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxIterations must be at least 1; got {options.MaxIterations}.");
        if (!(options.Tolerance >= 0))
            throw new ArgumentOutOfRangeException(nameof(options), $"Tolerance must be zero or more; got {options.Tolerance}.");
        if (!(options.RelevanceWeight >= 0) || !float.IsFinite(options.RelevanceWeight))
            throw new ArgumentOutOfRangeException(nameof(options), $"RelevanceWeight must be zero or a positive finite number; got {options.RelevanceWeight}.");
        _scorer = scorer;
        Options = options;
    }

    public FoldInOptions Options { get; }

    /// <summary>The model the fits are against (its movie side is what stays frozen).</summary>
    public RatingScorer Scorer => _scorer;

    /// <summary>
    /// Fits p and b to the given ratings with the movie side frozen, starting from and regularised
    /// towards <paramref name="prior"/> (null = a new user: zero vector, zero bias).
    /// <paramref name="movieIndices"/> are the model's movie row indices; ratings are on the model's scale.
    /// With no ratings the result equals the prior.
    /// </summary>
    public UserProfile Fit(ReadOnlySpan<int> movieIndices, ReadOnlySpan<float> ratings, UserProfile? prior = null)
        => Fit(movieIndices, ratings, prior, out _);

    /// <summary><see cref="Fit(ReadOnlySpan{int}, ReadOnlySpan{float}, UserProfile?)"/>, also giving the number of accepted steps.</summary>
    internal UserProfile Fit(ReadOnlySpan<int> movieIndices, ReadOnlySpan<float> ratings, UserProfile? prior, out int steps)
        => Fit(movieIndices, ratings, prior, out steps, out _);

    /// <summary>
    /// <see cref="Fit(ReadOnlySpan{int}, ReadOnlySpan{float}, UserProfile?)"/>, also giving the number of accepted steps
    /// and of relevance Hessians the fit built (0 for a ratings-only fit; one taken from the cached population
    /// second moment counts too).
    /// </summary>
    internal UserProfile Fit(ReadOnlySpan<int> movieIndices, ReadOnlySpan<float> ratings, UserProfile? prior, out int steps, out int hessians)
    {
        steps = 0;
        hessians = 0;
        var dim = _scorer.Dim;
        Validate(movieIndices, ratings, prior, dim);
        var p0 = prior?.Vector ?? new float[dim];
        var b0 = prior?.Bias ?? 0f;
        var n = ratings.Length;
        if (n == 0) return new UserProfile((float[])p0.Clone(), b0);
        if (UsesRelevance) return FitWithRelevance(movieIndices, ratings, p0, b0, out steps, out hessians);

        var cols = dim + 1;
        var (penalty, start) = Prior(p0, b0);

        var p = (float[])p0.Clone();
        var b = b0;
        var scores = new float[n];
        var jacobian = new float[n * dim];
        var trialP = new float[dim];
        var trialScores = new float[n];
        var gradient = new double[cols];
        var step = new double[cols];
        var solver = new RegularisedLeastSquares(n, cols);

        _scorer.RawScoresAndGradients(p, b, movieIndices, scores, jacobian);
        var objective = Objective(scores, ratings, p, b, start, penalty);
        for (var iteration = 0; iteration < Options.MaxIterations; iteration++)
        {
            // Gradient (halved) of the objective: Jᵀ res + Λ(x − x0); the step solves (JᵀJ + Λ) δ = −that.
            HalvedGradient(p, b, start, penalty, scores, ratings, jacobian, default, 0, gradient);
            solver.Solve(jacobian, penalty, gradient, step);

            var accepted = LineSearch(p, b, step, movieIndices, ratings, start, penalty, objective, null, 0,
                trialP, trialScores, out var trialB, out var trialObjective);
            if (!accepted) break; // no decrease along the step: at a minimum (or a kink) to float precision

            trialP.CopyTo(p, 0);
            b = trialB;
            steps++;
            var decrease = objective - trialObjective;
            objective = trialObjective;
            if (decrease <= Options.Tolerance * objective) break;
            if (iteration + 1 < Options.MaxIterations) _scorer.RawScoresAndGradients(p, b, movieIndices, scores, jacobian);
        }
        return new UserProfile(p, b);
    }

    /// <summary>Whether fits add the relevance head's likelihood (the model has the head and α_f &gt; 0).</summary>
    public bool UsesRelevance => _scorer.HasRelevanceHead && Options.RelevanceWeight > 0;

    /// <summary>
    /// Damped Newton on F(p, b) + α_f L(p), L the relevance head's negative log-likelihood of the rated
    /// movies (convex in p). Each step solves (JᵀJ + Λ + ½α_f H) δ = Jᵀres + Λ(x − x0) + ½α_f ∇L (the
    /// halved gradient and Hessian), with the same backtracking and stopping rule as the ratings-only fit, so
    /// the combined objective never increases. The gradient is always exact; H is ∇²L at the point it was
    /// last computed (a fixed positive semi-definite metric between refreshes — ∇²L over all movies is the
    /// costly part of a step, ≈ 18 M multiply-adds). It is refreshed at the current point only when a step
    /// taken with a held H would end the fit (decrease below the tolerance, or no decrease along the step);
    /// so a fit stops only after an exact Newton step met the stopping rule (or at the step cap). A new user's
    /// first H (at p = 0) comes from the scorer's cached population second moment.
    /// </summary>
    private UserProfile FitWithRelevance(ReadOnlySpan<int> movieIndices, ReadOnlySpan<float> ratings, float[] p0, float b0, out int steps, out int hessians)
    {
        steps = 0;
        hessians = 0;
        var dim = _scorer.Dim;
        var n = ratings.Length;
        var cols = dim + 1;
        double weight = Options.RelevanceWeight;
        var (penalty, start) = Prior(p0, b0);

        var p = (float[])p0.Clone();
        var b = b0;
        var scores = new float[n];
        var jacobian = new float[n * dim];
        var trialP = new float[dim];
        var trialScores = new float[n];
        var gradient = new double[cols];
        var relevanceGradient = new double[dim];
        var rentedHessian = System.Buffers.ArrayPool<double>.Shared.Rent(dim * dim); // 72 KB for d = 96: pooled, not per fit
        var hessian = rentedHessian.AsSpan(0, dim * dim);
        var step = new double[cols];
        var solver = new RegularisedLeastSquares(n, cols, dual: false);
        try
        {
            // The likelihood at the current point (gradient, Hessian) and at a line-search trial (value only);
            // an accepted trial is swapped in, so its logits are not computed twice.
            using var current = new RatingScorer.RelevanceLikelihood(_scorer);
            using var trial = new RatingScorer.RelevanceLikelihood(_scorer);

            _scorer.RawScoresAndGradients(p, b, movieIndices, scores, jacobian);
            var objective = Objective(scores, ratings, p, b, start, penalty) + weight * current.Evaluate(p, movieIndices);
            // ∇²L is held from the point it was computed at (a fixed metric) and refreshed only when a step taken with
            // a held one would end the fit: so every fit ends on an exact Newton step, as with a fresh Hessian each step.
            var curvatureIsCurrent = false;
            var needsCurvature = true;
            for (var iteration = 0; iteration < Options.MaxIterations; iteration++)
            {
                current.Gradient(movieIndices, relevanceGradient);
                if (needsCurvature || ExactCurvatureEveryStep)
                {
                    if (IsZero(p) && _scorer.PopulationSecondMoment is { } population) current.Hessian(n, hessian, population); // p = 0: π is the population softmax
                    else current.Hessian(n, hessian);
                    curvatureIsCurrent = true;
                    needsCurvature = false;
                    hessians++;
                }
                HalvedGradient(p, b, start, penalty, scores, ratings, jacobian, relevanceGradient, 0.5 * weight, gradient);
                solver.SolveWithCurvature(jacobian, penalty, hessian, 0.5 * weight, gradient, step);

                var accepted = LineSearch(p, b, step, movieIndices, ratings, start, penalty, objective, trial, weight,
                    trialP, trialScores, out var trialB, out var trialObjective);
                if (!accepted)
                {
                    if (curvatureIsCurrent) break;
                    needsCurvature = true; // retry from the same point with the exact Hessian
                    continue;
                }

                trialP.CopyTo(p, 0);
                b = trialB;
                current.Swap(trial);
                steps++;
                var decrease = objective - trialObjective;
                objective = trialObjective;
                if (decrease <= Options.Tolerance * objective)
                {
                    if (curvatureIsCurrent) break;
                    needsCurvature = true;
                }
                curvatureIsCurrent = false;
                if (iteration + 1 < Options.MaxIterations) _scorer.RawScoresAndGradients(p, b, movieIndices, scores, jacobian);
            }
            return new UserProfile(p, b);
        }
        finally { System.Buffers.ArrayPool<double>.Shared.Return(rentedHessian); }
    }

    /// <summary>
    /// True: rebuild ∇²L at every step (plain damped Newton, the method before the held metric); for tests that
    /// compare the two. False (default): hold it until a step would end the fit (see <c>FitWithRelevance</c>).
    /// </summary>
    internal bool ExactCurvatureEveryStep { get; init; }

    private static bool IsZero(ReadOnlySpan<float> p)
    {
        foreach (var v in p) if (v != 0f) return false;
        return true;
    }

    /// <summary>F + α_f L at (p, b): the objective the relevance-aware fit minimises (for tests).</summary>
    internal double CombinedObjective(ReadOnlySpan<int> movieIndices, ReadOnlySpan<float> ratings, UserProfile profile, UserProfile? prior)
    {
        var dim = _scorer.Dim;
        var (penalty, start) = Prior(prior?.Vector ?? new float[dim], prior?.Bias ?? 0f);
        var scores = new float[ratings.Length];
        _scorer.RawScores(profile.Vector, profile.Bias, movieIndices, scores);
        var value = Objective(scores, ratings, profile.Vector, profile.Bias, start, penalty);
        if (UsesRelevance) value += Options.RelevanceWeight * _scorer.RelevanceNegativeLogLikelihood(profile.Vector, movieIndices, new double[dim], default);
        return value;
    }

    /// <summary>
    /// Backtracking along −<paramref name="step"/> from (p, b): the full step, then halved up to MaxHalvings times, until
    /// the objective — F, plus weight·L when <paramref name="likelihood"/> is given — falls below
    /// <paramref name="objective"/>. The last trial is left in <paramref name="trialP"/> / <paramref name="trialB"/> (and its
    /// logits in <paramref name="likelihood"/>); false when no trial decreased the objective.
    /// </summary>
    private bool LineSearch(float[] p, float b, double[] step, ReadOnlySpan<int> movieIndices, ReadOnlySpan<float> ratings,
        double[] start, double[] penalty, double objective, RatingScorer.RelevanceLikelihood? likelihood, double weight,
        float[] trialP, float[] trialScores, out float trialB, out double trialObjective)
    {
        var dim = p.Length;
        var alpha = 1.0;
        trialB = b;
        trialObjective = 0;
        for (var halving = 0; halving <= MaxHalvings; halving++, alpha /= 2)
        {
            for (var d = 0; d < dim; d++) trialP[d] = (float)(p[d] - alpha * step[d]);
            trialB = (float)(b - alpha * step[dim]);
            _scorer.RawScores(trialP, trialB, movieIndices, trialScores);
            trialObjective = Objective(trialScores, ratings, trialP, trialB, start, penalty);
            if (likelihood is not null) trialObjective += weight * likelihood.Evaluate(trialP, movieIndices);
            if (trialObjective < objective) return true;
        }
        return false;
    }

    /// <summary>The penalty weights Λ (λ_p on p, λ_b on b) and the prior x0 = (p0, b0) they pull towards.</summary>
    private (double[] Penalty, double[] Start) Prior(float[] p0, float b0)
    {
        var dim = p0.Length;
        var penalty = new double[dim + 1];
        Array.Fill(penalty, Options.VectorPenalty, 0, dim);
        penalty[dim] = Options.BiasPenalty;
        var start = new double[dim + 1];
        for (var d = 0; d < dim; d++) start[d] = p0[d];
        start[dim] = b0;
        return (penalty, start);
    }

    /// <summary>
    /// The halved gradient of the objective at (p, b): Λ(x − x0) + <paramref name="extraScale"/>·<paramref name="extra"/>
    /// (on p; the relevance term, or nothing) + Jᵀ res, summed in that order.
    /// </summary>
    internal static void HalvedGradient(ReadOnlySpan<float> p, float b, ReadOnlySpan<double> start, ReadOnlySpan<double> penalty,
        ReadOnlySpan<float> scores, ReadOnlySpan<float> ratings, ReadOnlySpan<float> jacobian, ReadOnlySpan<double> extra, double extraScale,
        Span<double> gradient)
    {
        var dim = p.Length;
        for (var c = 0; c <= dim; c++) gradient[c] = penalty[c] * ((c < dim ? p[c] : b) - start[c]);
        for (var d = 0; d < extra.Length; d++) gradient[d] += extraScale * extra[d];
        for (var j = 0; j < scores.Length; j++)
        {
            var residual = (double)scores[j] - ratings[j];
            var row = jacobian.Slice(j * dim, dim);
            for (var d = 0; d < dim; d++) gradient[d] += row[d] * residual;
            gradient[dim] += residual;
        }
    }

    /// <summary>Σ (r̂ − r)² + Σ λ_c (x_c − x0_c)², in double.</summary>
    internal static double Objective(ReadOnlySpan<float> scores, ReadOnlySpan<float> ratings, ReadOnlySpan<float> p, float b,
        ReadOnlySpan<double> start, ReadOnlySpan<double> penalty)
    {
        double sum = 0;
        for (var j = 0; j < scores.Length; j++)
        {
            var e = (double)scores[j] - ratings[j];
            sum += e * e;
        }
        var dim = p.Length;
        for (var d = 0; d < dim; d++)
        {
            var e = p[d] - start[d];
            sum += penalty[d] * e * e;
        }
        var eb = b - start[dim];
        return sum + penalty[dim] * eb * eb;
    }

    private void Validate(ReadOnlySpan<int> movieIndices, ReadOnlySpan<float> ratings, UserProfile? prior, int dim)
    {
        if (movieIndices.Length != ratings.Length)
            throw new ArgumentException($"movieIndices and ratings must have the same length; got {movieIndices.Length} and {ratings.Length}.", nameof(ratings));
        for (var j = 0; j < movieIndices.Length; j++)
        {
            if ((uint)movieIndices[j] >= (uint)_scorer.MovieCount)
                throw new ArgumentException($"movieIndices[{j}] = {movieIndices[j]} is not a movie row of the model (valid: 0 to {_scorer.MovieCount - 1}).", nameof(movieIndices));
            var r = ratings[j];
            if (!float.IsFinite(r) || r < _scorer.MinRating || r > _scorer.MaxRating)
                throw new ArgumentException($"ratings[{j}] = {r} is not on the model's rating scale ({_scorer.MinRating} to {_scorer.MaxRating}).", nameof(ratings));
        }
        if (prior is null) return;
        if (prior.Vector is null || prior.Vector.Length != dim)
            throw new ArgumentException($"The prior's vector must have the model's dimension {dim}; got {prior.Vector?.Length ?? 0}.", nameof(prior));
        if (!float.IsFinite(prior.Bias) || Array.Exists(prior.Vector, v => !float.IsFinite(v)))
            throw new ArgumentException("The prior's vector and bias must be finite numbers.", nameof(prior));
    }
}
