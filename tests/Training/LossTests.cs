using HybridRecommender.Core.Training;
using HybridRecommender.Tests.Support;
using TorchSharp;

namespace HybridRecommender.Tests.Training;

/// <summary>
/// The training loss built from the TorchSharp module against a double-precision reference written from
/// docs/MODEL.md, and autograd's gradients against central finite differences of that reference.
/// </summary>
[Collection(LibTorchCollection.Name)]
public sealed class LossTests
{
    private static readonly RegularisationOptions Reg = new(Embedding: 0.05f, Bias: 0.02f, Dense: 0.01f);

    [Theory]
    [InlineData("", 0.0)]
    [InlineData("4", 0.0)]
    [InlineData("4,3", 0.0)]
    [InlineData("4", 0.4)]
    [InlineData("4,3", 1.5)]
    public void Loss_equals_the_reference_formula(string hiddenText, double absoluteErrorWeight)
    {
        var hidden = hiddenText.Length == 0 ? [] : hiddenText.Split(',').Select(int.Parse).ToArray();
        var weights = TinyNetwork.Create(hidden, seed: 4);
        var batch = TinyNetwork.SampleBatch();
        var expected = TinyNetwork.ReferenceLoss(weights.Shape, TinyNetwork.Weights(weights), weights.MovieGenres.Data, batch, Reg, absoluteErrorWeight, null, out _);
        using var module = TorchNetworks.FromWeights(weights);
        using var loss = Loss(module, batch, (float)absoluteErrorWeight);
        Assert.Equal(expected, loss.item<float>(), 1e-4 * Math.Max(1, Math.Abs(expected)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.4)]
    public void Autograd_gradients_match_central_finite_differences_of_the_reference(double absoluteErrorWeight)
    {
        var batch = TinyNetwork.SampleBatch();
        // Away from the ReLU kinks and, with γ > 0, from |r̂ − r|'s kink at 0: finite differences then see one smooth piece.
        var weights = TinyNetwork.CreateAwayFromKinks([4], seed: 1, batch, Reg, margin: 1e-2, absoluteErrorWeight);
        using var module = TorchNetworks.FromWeights(weights);
        module.train();
        using var loss = Loss(module, batch, (float)absoluteErrorWeight);
        loss.backward();
        var grads = module.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.data<float>().ToArray());

        var reference = TinyNetwork.Weights(weights);
        const double h = 1e-4;
        var checkedCount = 0;
        foreach (var (name, values) in reference)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var keep = values[i];
                values[i] = keep + h;
                var up = TinyNetwork.ReferenceLoss(weights.Shape, reference, weights.MovieGenres.Data, batch, Reg, absoluteErrorWeight, null, out _);
                values[i] = keep - h;
                var down = TinyNetwork.ReferenceLoss(weights.Shape, reference, weights.MovieGenres.Data, batch, Reg, absoluteErrorWeight, null, out _);
                values[i] = keep;
                var numeric = (up - down) / (2 * h);
                Assert.True(Math.Abs(numeric - grads[name][i]) <= 1e-3 * Math.Max(1, Math.Abs(numeric)),
                    $"{name}[{i}]: autograd {grads[name][i]}, finite difference {numeric}");
                checkedCount++;
            }
        }
        Assert.Equal(weights.ParameterCount, checkedCount);
    }

    private static torch.Tensor Loss(HybridRecommender.Training.Model.HybridNetwork module, RatingBatch batch, float absoluteErrorWeight)
    {
        var loss = Trainer.Loss(module,
            torch.tensor(batch.Users.Select(u => (long)u).ToArray()),
            torch.tensor(batch.Movies.Select(m => (long)m).ToArray()),
            torch.tensor(batch.Ratings), Reg, absoluteErrorWeight, out var error);
        error.Dispose();
        return loss;
    }
}
