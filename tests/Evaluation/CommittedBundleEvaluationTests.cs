using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Data;
using HybridRecommender.Core.Evaluation;
using HybridRecommender.Tests.Support;

namespace HybridRecommender.Tests.Evaluation;

public class CommittedBundleEvaluationTests
{
    [CommittedBundleFact]
    public void Evaluate_reproduces_the_cards_test_figures_exactly()
    {
        var bundle = ModelBundle.Load(CommittedBundle.Directory!);
        var data = MovieLensReader.Load(RealData.Directory!);
        // The ablation is a full training run: left out to keep CI fast.
        var report = Evaluator.Run(bundle, data, new EvaluationOptions { Ablation = false, DataFolder = RealData.Directory });

        var card = bundle.Card.Test[Evaluator.HybridName];
        Assert.Equal(card.Rmse, report.Hybrid.Rmse);
        Assert.Equal(card.Mae, report.Hybrid.Mae);
        Assert.Equal(card.Count, report.Hybrid.Count);
        Assert.All(report.CardChecks.Values, c => Assert.True(c.Exact));
        Assert.All(report.Models.Where(m => m.Ranking is not null), m => Assert.Equal(report.RankedUsers, m.Ranking!.Value.Users));
    }
}
