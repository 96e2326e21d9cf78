using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Training;

using HybridRecommender.Core.Feedback;

namespace HybridRecommender.Training;

/// <summary>Records in a trained bundle's card how many feedback ratings it learned from, in all and per split part, and how many movies added through the API it made rows.</summary>
public static class FeedbackCard
{
    public static ModelBundle Record(TrainingOutcome outcome, FeedbackMergeSummary summary, bool[] isFeedback)
    {
        var b = outcome.Bundle;
        int Count(int[] rows) => rows.Count(i => isFeedback[i]);
        var card = b.Card with
        {
            Data = b.Card.Data with { FeedbackRatings = summary.Used, FeedbackUsers = summary.NewUsers, FeedbackMovies = summary.AddedMovies },
            Split = b.Card.Split with
            {
                FeedbackTrain = Count(outcome.Split.Train),
                FeedbackValidation = Count(outcome.Split.Validation),
                FeedbackTest = Count(outcome.Split.Test),
            },
        };
        return new ModelBundle(card, b.Network, b.Movies, b.RatedByUser, b.LikedByUser);
    }
}
