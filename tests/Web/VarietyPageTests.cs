using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HybridRecommender.Tests.Web;

/// <summary>The page's "More variety" control, in Chromium: ticking it shows the API's diversity=0.5 list, unticking the plain one.</summary>
[Collection(PageCollection.Name)]
public sealed class VarietyPageTests(PageFixture fixture)
{
    [BrowserFact]
    public async Task More_variety_shows_the_diverse_list_and_unticking_restores_the_plain_one()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.GotoAsync("/?user=1");
        var cards = page.Locator("#recs > li.card");
        await Expect(page.Locator("#recs-title")).ToHaveTextAsync("Top picks for user 1");
        await Expect(cards).ToHaveCountAsync(10);

        async Task<string[]> ApiIds(string query) =>
            JsonDocument.Parse(await (await page.APIRequest.GetAsync($"/recommend?user=1&count=10{query}")).TextAsync()).RootElement
                .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("movieId").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        async Task<string[]> ShownIds()
        {
            await Expect(page.Locator("#recs")).Not.ToHaveAttributeAsync("aria-busy", "true");
            return await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.movieId)");
        }
        var plain = await ApiIds("");
        var diverse = await ApiIds("&diversity=0.5");
        Assert.NotEqual(plain, diverse); // or the test could not tell the two apart
        Assert.Equal(plain, await ShownIds());

        await page.GetByLabel("More variety").CheckAsync();
        await Expect(cards.First).ToHaveAttributeAsync("data-movie-id", diverse[0]);
        await Expect(cards.Nth(9)).ToHaveAttributeAsync("data-movie-id", diverse[9]);
        Assert.Equal(diverse, await ShownIds());

        await page.GetByLabel("More variety").UncheckAsync();
        await Expect(cards.Nth(9)).ToHaveAttributeAsync("data-movie-id", plain[9]);
        Assert.Equal(plain, await ShownIds());
        session.AssertNoErrors();
    }
}
