Console.WriteLine("HybridRecommender training: not built yet.");
