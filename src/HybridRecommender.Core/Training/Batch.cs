namespace HybridRecommender.Core.Training;

/// <summary>A mini-batch: positions [Start, Start + Count) of parallel (user, movie, rating) arrays.</summary>
public readonly record struct Batch(int[] Users, int[] Movies, float[] Ratings, int Start, int Count);
