namespace HybridRecommender.Api.Contracts;

/// <summary>The constants of the IMDb weighted rating WR = v/(v+m)·R + m/(v+m)·C used for a chart.</summary>
/// <param name="M">m: minimum votes to be listed, and the weight of the prior C.</param>
/// <param name="MIsDefault">True when m is the default (90th percentile of training vote counts over rated movies).</param>
/// <param name="C">C: mean of all training ratings.</param>
/// <param name="EligibleMovies">Movies with at least m training ratings that pass the genre filter.</param>
public sealed record ChartBasis(double M, bool MIsDefault, double C, int EligibleMovies);
