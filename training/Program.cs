using HybridRecommender.Training;

// `dotnet run --project training -- [options]` trains; `... -- evaluate` measures a trained bundle.
return await TrainingCli.RunAsync(args, Console.Error);
