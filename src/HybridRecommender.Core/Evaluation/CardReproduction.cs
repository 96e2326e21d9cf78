namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// The card's recorded test figures next to the re-computed ones. <see cref="Reproduced"/> allows
/// <see cref="Tolerance"/>: float sums through SIMD differ in their last bits between CPUs (AVX-512 vs
/// AVX2 change the summation order), so figures reproduce bit for bit only on the machine that trained.
/// </summary>
public sealed record CardReproduction(double CardRmse, double CardMae, int CardCount, double Rmse, double Mae, int Count)
{
    /// <summary>Largest |card − rerun| accepted for RMSE and MAE (observed across CPUs: ≈ 2e-10).</summary>
    public const double Tolerance = 1e-6;

    public bool Reproduced => CardCount == Count && Math.Abs(CardRmse - Rmse) <= Tolerance && Math.Abs(CardMae - Mae) <= Tolerance;

    /// <summary>Bit-for-bit equal (expected on the machine that wrote the card).</summary>
    public bool Exact => CardRmse.Equals(Rmse) && CardMae.Equals(Mae) && CardCount == Count;
}
