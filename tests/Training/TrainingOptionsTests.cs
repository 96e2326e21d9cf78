using HybridRecommender.Tests.Support;
using HybridRecommender.Core.Training;
using HybridRecommender.Training;

namespace HybridRecommender.Tests.Training;

/// <summary>The training options a user types: bad values are refused with the option's name, and the CLI passes them on.</summary>
[Collection(LibTorchCollection.Name)]
public sealed class TrainingOptionsTests
{
    [Theory]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void An_absolute_error_weight_that_is_negative_or_not_finite_is_refused(float gamma)
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainingOptions { AbsoluteErrorWeight = gamma }.Validate());
        Assert.Contains("--absolute-error-weight must be a finite number ≥ 0", e.Message);
    }

    [Fact]
    public void The_scale_options_are_checked_and_name_themselves()
    {
        Assert.Contains("--sampled-above must be ≥ 0", Assert.Throws<ArgumentException>(() => new TrainingOptions { SampledObjectiveAbove = -1 }.Validate()).Message);
        Assert.Contains("--negatives must be at least 1", Assert.Throws<ArgumentException>(() => new TrainingOptions { SampledNegatives = 0 }.Validate()).Message);
        Assert.Contains("--validation-users must be at least 1", Assert.Throws<ArgumentException>(() => new TrainingOptions { ValidationUsers = 0 }.Validate()).Message);
    }

    [Fact]
    public void Ml1m_trains_exactly_and_the_larger_shapes_with_the_sampled_objective_by_default()
    {
        var d = new TrainingOptions();
        Assert.False(d.UsesSampledObjective(6_040, 3_883));
        Assert.True(d.UsesSampledObjective(69_878, 10_681));
        Assert.True(d.UsesSampledObjective(200_948, 87_585));
        Assert.True((d with { SampledObjectiveAbove = 0 }).UsesSampledObjective(6_040, 3_883));
    }

    [Theory]
    [InlineData(3_883, null, 10_000)]    // ML-1M: 250 M / 3,883 = 64,382, capped at 10,000 (all 5,051 validation users are ranked)
    [InlineData(10_681, null, 10_000)]   // the 10M shape: 23,406, capped
    [InlineData(87_585, null, 2_854)]    // the ML-32M shape: ⌊250,000,000 / 87,585⌋
    [InlineData(1_000_000, null, 250)]
    [InlineData(87_585, 500, 500)]       // --validation-users given: exactly that
    [InlineData(3_883, 20_000, 20_000)]
    public void Validation_users_follow_the_ranking_budget_unless_given(int movies, int? given, int expected) =>
        Assert.Equal(expected, new TrainingOptions { ValidationUsers = given }.ValidationUsersFor(movies));

    [Theory]
    [InlineData(0f)]
    [InlineData(0.4f)]
    [InlineData(5f)]
    public void Zero_and_positive_absolute_error_weights_are_accepted(float gamma) =>
        new TrainingOptions { AbsoluteErrorWeight = gamma }.Validate();

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:x")]
    [InlineData("")]
    public void A_device_that_is_not_cpu_or_cuda_is_refused_before_any_data_is_read(string device)
    {
        var e = Assert.Throws<ArgumentException>(() => new TrainingOptions { Device = device }.Validate());
        Assert.Equal($"--device must be 'cpu' or 'cuda' (optionally 'cuda:N'); got '{device}'.", e.Message);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public void Cpu_and_cuda_device_names_are_accepted(string device) => new TrainingOptions { Device = device }.Validate();

    [Fact]
    public void Cuda_on_this_cpu_build_names_the_libtorch_reference_to_change()
    {
        Assert.False(TorchSharp.torch.cuda.is_available()); // the project references libtorch's CPU build
        var e = Assert.Throws<ArgumentException>(() => TorchRuntime.Configure(new TrainingOptions { Device = "cuda" }));
        Assert.Contains("CUDA is not available", e.Message);
        Assert.Contains("libtorch-cpu-*", e.Message);
    }

    [Fact]
    public async Task The_cli_refuses_a_bad_device_with_exit_2_without_reading_data()
    {
        var missing = MissingFolder();
        // Exit 1 would mean it went on to look for the (missing) data.
        Assert.Equal(2, await TrainCommand.Create().Parse(["--device", "gpu", "--data", missing]).InvokeAsync());
    }

    [Fact]
    public async Task The_cli_passes_absolute_error_weight_into_the_options()
    {
        var missing = MissingFolder();
        // Exit 2 = the options were refused, so γ = −1 reached them; had the CLI dropped it, the default γ would pass and
        // the run would go on to look for the (missing) data and exit 1.
        Assert.Equal(2, await TrainCommand.Create().Parse(["--absolute-error-weight", "-1", "--data", missing]).InvokeAsync());
        Assert.Equal(1, await TrainCommand.Create().Parse(["--absolute-error-weight", "0.3", "--data", missing]).InvokeAsync());
    }

    [Theory]
    [InlineData("--weight-decay", "-1")]
    [InlineData("--dense-decay", "-0.5")]
    [InlineData("--dropout", "1.5")]
    [InlineData("--lr-decay", "0")]
    [InlineData("--mlp-precision", "fp16")]
    public async Task The_cli_names_the_option_of_a_bad_value_and_exits_2(string option, string value)
    {
        var missing = MissingFolder();
        var (exit, error) = await WithStandardError(_ => TrainCommand.Create().Parse([option, value, "--data", missing]).InvokeAsync());

        Assert.Equal(2, exit);
        Assert.Contains($"error: {option} must be", error, StringComparison.Ordinal);
        Assert.Contains($"got {value}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task An_empty_hidden_list_is_refused_rather_than_read_as_no_mlp(string hidden)
    {
        var missing = MissingFolder();
        Assert.Equal(2, await TrainCommand.Create().Parse(["--hidden", hidden, "--data", missing]).InvokeAsync());
        // 'none' and 0 mean no MLP: accepted, so the run goes on to the (missing) data.
        Assert.Equal(1, await TrainCommand.Create().Parse(["--hidden", "none", "--data", missing]).InvokeAsync());
        Assert.Equal(1, await TrainCommand.Create().Parse(["--hidden", "0", "--data", missing]).InvokeAsync());
    }

    [Theory]
    [InlineData("--out")]
    [InlineData("--plots")]
    public async Task An_empty_output_folder_is_refused_before_any_data_is_read(string option)
    {
        var missing = MissingFolder();
        Assert.Equal(2, await TrainCommand.Create().Parse([option, "", "--data", missing]).InvokeAsync());
    }

    [Theory]
    [InlineData("--epochs", "abc")]
    [InlineData("--dim", "1.5")]
    [InlineData("--no-such-option", "1")]
    public async Task A_value_the_parser_cannot_read_is_refused_with_exit_2_and_its_message(string option, string value)
    {
        var missing = MissingFolder();
        var error = new StringWriter();

        // With --data missing: were the value ever read, the run would stop at the data with exit 1, not train.
        Assert.Equal(2, await TrainingCli.RunAsync([option, value, "--data", missing], error));

        Assert.Contains(option == "--no-such-option" ? option : value, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--help", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mistyped_option_gets_a_suggestion_and_the_help_of_its_own_command()
    {
        var error = new StringWriter();

        Assert.Equal(2, await TrainingCli.RunAsync(["evaluate", "--modle", "x"], error));

        Assert.Contains("--model", error.ToString(), StringComparison.Ordinal);          // did you mean
        Assert.Contains("`evaluate --help`", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_infinite_lr_decay_is_refused() =>
        Assert.Contains("--lr-decay must be a positive number",
            Assert.Throws<ArgumentException>(() => new TrainingOptions { LearningRateDecay = float.PositiveInfinity }.Validate()).Message);

    [Theory]
    [InlineData("tune-fold-in")]
    [InlineData("tune-served")]
    [InlineData("tune-prior")]
    public async Task Tune_commands_refuse_bad_threads_and_a_missing_model_with_exit_2_before_any_work(string command)
    {
        var missing = MissingFolder();
        var (badThreads, threadsError) = await WithStandardError(e => TrainingCli.RunAsync([command, "--threads", "0", "--model", missing], e));
        var (noModel, modelError) = await WithStandardError(e => TrainingCli.RunAsync([command, "--model", missing], e));

        Assert.Equal(2, badThreads);
        Assert.Equal(2, noModel);
        Assert.Contains("--threads must be at least 1; got 0", threadsError, StringComparison.Ordinal);
        Assert.Contains("does not exist", modelError, StringComparison.Ordinal);
    }

    // A folder that does not exist: a command that gets past its options stops there with exit 1.
    private static string MissingFolder() => Path.Combine(Path.GetTempPath(), "hr-no-data-" + Guid.NewGuid().ToString("N")[..12]);

    // The commands write refusals to Console.Error (the process's standard error); capture it for one run.
    // Only this class swaps it, and its tests run one at a time.
    private static async Task<(int Exit, string Error)> WithStandardError(Func<TextWriter, Task<int>> run)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try { return (await run(error), error.ToString()); }
        finally { Console.SetError(previous); }
    }
}
