using HybridRecommender.Core.Evaluation;

namespace HybridRecommender.Tests.Evaluation;

public class PairedDifferenceTests
{
    [Fact]
    public void Mean_and_standard_error_of_the_per_user_differences_by_hand()
    {
        // d = a − b = [0.1, 0, 0.1, 0.2]: mean 0.1; squared deviations 0, 0.01, 0, 0.01 → sample variance 0.02 / 3;
        // standard error √(0.02 / 3 / 4) = 0.0408248…
        var d = PairedDifference.Of([0.5, 0.3, 0.2, 0.4], [0.4, 0.3, 0.1, 0.2]);
        Assert.Equal(4, d.Users);
        Assert.Equal(0.1, d.Mean, 12);
        Assert.Equal(Math.Sqrt(0.02 / 3 / 4), d.StandardError, 12);
        Assert.Equal(0.0408248, d.StandardError, 6);
    }

    [Fact]
    public void Pairing_removes_what_the_users_share()
    {
        // The same gap for every user: zero standard error however different the users are.
        var d = PairedDifference.Of([0.9, 0.1, 0.5], [0.8, 0.0, 0.4]);
        Assert.Equal(0.1, d.Mean, 12);
        Assert.Equal(0, d.StandardError, 12);
    }

    [Fact]
    public void Figures_for_different_users_or_too_few_users_are_refused()
    {
        Assert.Contains("same users", Assert.Throws<ArgumentException>(() => PairedDifference.Of([0.1, 0.2], [0.1])).Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => PairedDifference.Of([0.1], [0.2])).Message);
    }
}
