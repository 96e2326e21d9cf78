using System.CommandLine;

namespace HybridRecommender.Training;

/// <summary>The program: training (the root command), `evaluate` and `tune-fold-in`, with one exit code for any refused option.</summary>
public static class TrainingCli
{
    public static RootCommand Create()
    {
        var root = TrainCommand.Create();
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(TuneFoldInCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs. A value the parser cannot read (`--epochs abc`, an unknown option) is refused like a value the
    /// options refuse: exit 2 with the parser's message, instead of System.CommandLine's exit 1 and the whole help.
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter error)
    {
        var parsed = Create().Parse(args);
        if (parsed.Errors.Count == 0) return parsed.InvokeAsync();
        foreach (var e in parsed.Errors) error.WriteLine($"error: {e.Message}");
        error.WriteLine("Run with --help to see every option and its default.");
        return Task.FromResult(2);
    }
}
