using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Evaluation;

public class CommittedBundleEvaluationTests
{
    [CommittedBundleFact]
    public void Evaluate_reproduces_the_cards_test_figures()
    {
        var bundle = ModelBundle.Load(CommittedBundle.Directory!);
        var data = MovieLensReader.Load(RealData.Directory!);
        // The ablation is a full training run: left out to keep CI fast.
        var report = Evaluator.Run(bundle, data, new EvaluationOptions { Ablation = false, DataFolder = RealData.Directory });

        // Bit for bit only on the CPU that trained the bundle: AVX-512 and AVX2 sum in another order,
        // so across machines the figures agree to CardReproduction.Tolerance (seen: ≈ 1e-10).
        var card = bundle.Card.Test[Evaluator.HybridName];
        Assert.Equal(card.Rmse, report.Hybrid.Rmse, CardReproduction.Tolerance);
        Assert.Equal(card.Mae, report.Hybrid.Mae, CardReproduction.Tolerance);
        Assert.Equal(card.Count, report.Hybrid.Count);
        Assert.All(report.CardChecks.Values, c => Assert.True(c.Reproduced, $"card {c.CardRmse:R}/{c.CardMae:R}, rerun {c.Rmse:R}/{c.Mae:R}"));
        Assert.All(report.Models.Where(m => m.Ranking is not null), m => Assert.Equal(report.RankedUsers, m.Ranking!.Value.Users));
    }
}
