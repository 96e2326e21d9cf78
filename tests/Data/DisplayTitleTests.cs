using HybridRecommender.Core.Data;

namespace HybridRecommender.Tests.Data;

public sealed class DisplayTitleTests
{
    [Theory]
    [InlineData("Matrix, The", "The Matrix")]
    [InlineData("Shawshank Redemption, The", "The Shawshank Redemption")]
    [InlineData("Few Good Men, A", "A Few Good Men")]
    [InlineData("Affair to Remember, An", "An Affair to Remember")]
    [InlineData("Avventura, L'", "L'Avventura")]
    [InlineData("City of Lost Children, The (Cité des enfants perdus, La)", "The City of Lost Children (Cité des enfants perdus, La)")]
    [InlineData("Toy Story", "Toy Story")]
    [InlineData("The Matrix", "The Matrix")] // already in reading order
    [InlineData("Seven (Se7en)", "Seven (Se7en)")]
    [InlineData("Them, Thee", "Them, Thee")] // "Thee" is not an article
    public void The_article_goes_in_front(string movieLens, string display) =>
        Assert.Equal(display, DisplayTitle.Of(movieLens));

    [Fact]
    public void A_display_title_comes_back_unchanged() =>
        Assert.Equal("The City of Lost Children (Cité des enfants perdus, La)", DisplayTitle.Of(DisplayTitle.Of("City of Lost Children, The (Cité des enfants perdus, La)")));
}
