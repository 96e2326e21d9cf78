namespace HybridRecommender.Core.Evaluation;

/// <summary>The card's recorded hybrid test figures next to the re-computed ones; <see cref="Exact"/> demands bit equality.</summary>
public sealed record CardReproduction(double CardRmse, double CardMae, int CardCount, double Rmse, double Mae, int Count)
{
    public bool Exact => CardRmse.Equals(Rmse) && CardMae.Equals(Mae) && CardCount == Count;
}
