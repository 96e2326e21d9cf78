using System.CommandLine;
using System.CommandLine.Invocation;

namespace HybridRecommender.Training;

/// <summary>The program: training (the root command), `evaluate`, `tune-fold-in`, `tune-served` and `tune-prior`, with one exit code for any refused option.</summary>
public static class TrainingCli
{
    public static RootCommand Create()
    {
        var root = TrainCommand.Create();
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(TuneFoldInCommand.Create());
        root.Subcommands.Add(TuneServedCommand.Create());
        root.Subcommands.Add(TunePriorCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs. A value the parser cannot read (`--epochs abc`, an unknown option) is refused like a value the
    /// options refuse: exit 2 with the parser's message and its "did you mean" suggestions, then where the help of that
    /// command is, instead of System.CommandLine's exit 1 with the whole help.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter error)
    {
        var parsed = Create().Parse(args);
        if (parsed.Action is not ParseErrorAction refused) return await parsed.InvokeAsync(new InvocationConfiguration { Error = error });

        refused.ShowHelp = false;
        // The parser writes its "did you mean" lines to Output: for a refused command they belong with the error.
        await parsed.InvokeAsync(new InvocationConfiguration { Error = error, Output = error });
        var command = parsed.CommandResult.Command;
        var path = command is RootCommand ? "" : command.Name + " ";
        error.WriteLine($"Run with `{path}--help` to see every option and its default.");
        return 2;
    }
}
