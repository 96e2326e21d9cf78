using System.Text.Json.Nodes;
using HybridRecommender.Core.Bundle;
using HybridRecommender.Core.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HybridRecommender.Tests.Api;

/// <summary>The host refuses to start on a bad bundle, with one critical line saying what is wrong and how to retrain.</summary>
[Collection(TrainedBundleCollection.Name)]
public sealed class StartupTests(TrainedBundleFixture fixture) : IDisposable
{
    private readonly string _copy = Path.Combine(fixture.Root, "broken-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Truncated_weights_stop_the_host()
    {
        CopyBundle();
        var weights = Path.Combine(_copy, ModelBundle.WeightsFile);
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);

        AssertRefused(_copy, "weights.safetensors");
    }

    [Fact]
    public void A_card_of_another_format_version_stops_the_host()
    {
        CopyBundle();
        var cardPath = Path.Combine(_copy, ModelBundle.CardFile);
        var card = JsonNode.Parse(File.ReadAllText(cardPath))!;
        card["formatVersion"] = 99;
        File.WriteAllText(cardPath, card.ToJsonString());

        AssertRefused(_copy, "format version 99");
    }

    [Fact]
    public void Weights_of_the_wrong_shape_stop_the_host()
    {
        CopyBundle();
        var weights = Path.Combine(_copy, ModelBundle.WeightsFile);
        var content = SafeTensorsFile.Read(weights);
        var tensors = content.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value);
        var (name, tensor) = tensors.First(kv => kv.Value.Shape.Length == 2 && kv.Value.Shape[0] != kv.Value.Shape[1]);
        tensors[name] = new Tensor([tensor.Shape[1], tensor.Shape[0]], tensor.Data); // same values, transposed shape
        SafeTensorsFile.Write(weights, tensors, content.Metadata);

        AssertRefused(_copy, name);
    }

    [Fact]
    public void A_card_missing_its_architecture_stops_the_host_rather_than_crashing_it()
    {
        CopyBundle();
        var cardPath = Path.Combine(_copy, ModelBundle.CardFile);
        var card = JsonNode.Parse(File.ReadAllText(cardPath))!;
        card["architecture"] = null;
        File.WriteAllText(cardPath, card.ToJsonString());

        AssertRefused(_copy, _copy);
    }

    [Fact]
    public void A_missing_model_folder_stops_the_host()
    {
        AssertRefused(Path.Combine(_copy, "nowhere"), "does not exist");
        AssertRefused(Path.Combine(_copy, "nowhere"), "Model__Path"); // the setting to correct a mistyped path
    }

    private void CopyBundle() => fixture.CopyBundleTo(_copy);

    private static void AssertRefused(string modelPath, string expected)
    {
        var logs = new CapturingLoggerProvider();
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Model:Path", modelPath)
            .UseSetting("Feedback:Folder", Path.Combine(modelPath, "feedback"))
            .ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));

        Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var critical = Assert.Single(logs.Entries, e => e.Level == LogLevel.Critical);
        Assert.Contains(expected, critical.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project training", critical.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_copy)) Directory.Delete(_copy, recursive: true);
    }
}
