namespace HybridRecommender.Core.Training;

/// <summary>Receives progress of a training run (a live bar within the epoch, a line per epoch).</summary>
public interface ITrainingProgress
{
    void BatchDone(int epoch, int ratingsDone, int ratingsTotal, double runningMse);
    void EpochDone(EpochMetrics metrics, bool isBest);
}
