using System.CommandLine;
using HybridRecommender.Training;

// `dotnet run --project training -- [options]` trains; `... -- evaluate` measures a trained bundle.
var root = TrainCommand.Create();
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(TuneFoldInCommand.Create());
return await root.Parse(args).InvokeAsync();
