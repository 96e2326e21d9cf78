using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HybridRecommender.Tests.Web;

/// <summary>The page at / driven in Chromium the way a person uses it, against the real API on the committed model.</summary>
[Collection(PageCollection.Name)]
public sealed partial class PageTests(PageFixture fixture)
{
    private const string RecCards = "#recs > li.card";

    [BrowserFact]
    public async Task Picking_user_1_shows_ten_personal_cards_with_title_year_genres_and_predicted_stars()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.GotoAsync();

        await PickUserAsync(page, "1");

        var cards = page.Locator(RecCards);
        await Expect(cards).ToHaveCountAsync(10);
        await Expect(page.Locator("#recs-title")).ToHaveTextAsync("Top picks for user 1");
        await Expect(page.Locator("#profile")).ToContainTextAsync("rated 53 movies");
        for (var i = 0; i < 10; i++)
        {
            var card = cards.Nth(i);
            await Expect(card.Locator("h3 button")).Not.ToBeEmptyAsync();
            await Expect(card.Locator(".card-year")).ToHaveTextAsync(YearPattern());
            Assert.True(await card.Locator(".genres li").CountAsync() > 0);
            await Expect(card.Locator(".stars")).ToHaveAttributeAsync("aria-label", PredictedPattern());
        }
        // The address keeps the choice, so a reload or a shared link shows the same picks.
        Assert.EndsWith("/?user=1", page.Url, StringComparison.Ordinal);
        session.AssertNoErrors();
    }

    [BrowserFact]
    public async Task A_genre_chip_filters_the_cards_and_the_top_chart_and_all_needs_every_chip()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.GotoAsync("/?user=1");

        await ChipAsync(page, "Comedy").ClickAsync();
        await WaitForListsAsync(page);

        await Expect(ChipAsync(page, "Comedy")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator(RecCards)).ToHaveCountAsync(10);
        await AssertEveryItemHasAsync(page, RecCards, "Comedy");
        await Expect(page.Locator("#top-list > li")).ToHaveCountAsync(10);
        await AssertEveryItemHasAsync(page, "#top-list > li", "Comedy");

        // Two chips with "all": every card has both genres.
        await ChipAsync(page, "Romance").ClickAsync();
        await WaitForListsAsync(page);
        await page.GetByLabel("all chosen genres").CheckAsync();
        await WaitForListsAsync(page);

        await Expect(page.Locator("#filter-summary")).ToHaveTextAsync("Every one of: Comedy, Romance.");
        await AssertEveryItemHasAsync(page, RecCards, "Comedy", "Romance");
        await AssertEveryItemHasAsync(page, "#top-list > li", "Comedy", "Romance");
        Assert.True(await page.Locator(RecCards).CountAsync() > 0);
        session.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Opening_a_movie_shows_movies_like_it()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.GotoAsync("/?user=1");
        var first = page.Locator(RecCards).First;
        var movieId = await first.GetAttributeAsync("data-movie-id");
        var title = await first.Locator("h3 button").InnerTextAsync();

        await first.Locator("h3 button").ClickAsync();

        await Expect(page.Locator("#similar")).ToBeVisibleAsync();
        await Expect(page.Locator("#similar-title")).ToHaveTextAsync($"Because you watched {title}");
        await Expect(page.Locator("#similar-title")).ToBeFocusedAsync();
        await Expect(page.Locator("#similar-title")).ToBeInViewportAsync(); // scrolled to (the browser context prefers reduced motion: no animation)
        var similar = page.Locator("#similar-list > li.card");
        await Expect(similar).ToHaveCountAsync(10);
        await Expect(similar.First.Locator(".similarity")).ToHaveTextAsync(AlikePattern());
        Assert.DoesNotContain(movieId, await similar.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.movieId)"));

        // A top-chart title opens its neighbours too.
        await page.Locator("#top-list > li").First.Locator("button").ClickAsync();
        await Expect(page.Locator("#similar-title")).ToHaveTextAsync("Because you watched The Shawshank Redemption");
        await Expect(similar).ToHaveCountAsync(10);
        session.AssertNoErrors();
    }

    [BrowserFact]
    public async Task A_new_visitor_who_rates_five_movies_gets_personal_picks_that_follow_every_rating()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.GotoAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Start as a new visitor" }).ClickAsync();

        await Expect(page.Locator("#rate")).ToBeVisibleAsync();
        await Expect(page.Locator("#rate-title")).ToBeFocusedAsync();
        await Expect(page.Locator("#profile")).ToContainTextAsync("New visitor");
        await Expect(page.Locator("#recs")).ToHaveAttributeAsync("data-strategy", "popular"); // no ratings yet: the API says popular
        await Expect(page.Locator("#recs-title")).ToHaveTextAsync("Popular picks while you rate");
        var tiles = page.Locator("#rate-grid > li");
        await Expect(tiles).ToHaveCountAsync(24);

        // Five ratings on the popular grid; after each one the picks are asked for again and redrawn.
        int[] stars = [5, 4, 5, 2, 1];
        var rated = new List<string>();
        for (var i = 0; i < stars.Length; i++)
        {
            var tile = tiles.Nth(i);
            rated.Add((await tile.GetAttributeAsync("data-movie-id"))!);
            var answer = page.WaitForResponseAsync(r => r.Url.Contains("/recommend?user=", StringComparison.Ordinal));
            await tile.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($" {stars[i]} stars?$") }).ClickAsync();
            var response = await answer;
            Assert.Equal(200, response.Status);
            var json = JsonDocument.Parse(await response.TextAsync()).RootElement;
            Assert.Equal("personalized", json.GetProperty("strategy").GetString());
            var answered = json.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("movieId").GetInt32().ToString(CultureInfo.InvariantCulture)).ToArray();

            await Expect(page.Locator("#rated-count")).ToHaveTextAsync(i == 0 ? "You have rated 1 movie." : $"You have rated {i + 1} movies.");
            await Expect(tiles.Nth(i)).ToHaveClassAsync(RatedPattern());
            await Expect(tiles.Nth(i).GetByRole(AriaRole.Button, new() { NameRegex = new Regex($" {stars[i]} stars?$") })).ToHaveAttributeAsync("aria-pressed", "true");
            // The cards are this rating's answer.
            await Expect(page.Locator("#recs")).ToHaveAttributeAsync("data-strategy", "personalized");
            await Expect(page.Locator(RecCards)).ToHaveCountAsync(10);
            Assert.Equal(answered, await RecommendedIdsAsync(page));
        }

        await Expect(page.Locator("#recs-title")).ToHaveTextAsync("Your picks");
        await Expect(page.Locator(RecCards).Locator(".stars")).ToHaveCountAsync(10);
        Assert.Empty((await RecommendedIdsAsync(page)).Intersect(rated)); // nothing already rated is recommended

        // A search finds more titles to rate.
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search titles" }).FillAsync("matrix");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(page.Locator("#rate-grid-title")).ToHaveTextAsync("Titles matching “matrix”");
        await Expect(tiles.First).ToContainTextAsync("Matrix");

        // The profile is kept in this browser: a reload resumes it with the five ratings.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("html[data-state=ready]");
        await Expect(page.Locator("#profile")).ToContainTextAsync("New visitor");
        await Expect(page.Locator("#rated-count")).ToHaveTextAsync("You have rated 5 movies.");
        await Expect(page.Locator("#rate-grid > li.rated")).ToHaveCountAsync(5);
        await Expect(page.Locator("#recs")).ToHaveAttributeAsync("data-strategy", "personalized");
        session.AssertNoErrors();
    }

    [BrowserFact]
    public async Task A_bad_user_id_shows_the_APIs_problem_as_a_readable_message_and_keeps_the_cards()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.GotoAsync();
        await Expect(page.Locator(RecCards)).ToHaveCountAsync(10);

        await PickUserAsync(page, "999999");

        var error = page.Locator("#user-error [role=alert]");
        // Not a MovieLens user, so possibly someone's private profile: the API asks for a token, and says which ids are public.
        await Expect(error).ToContainTextAsync("User 999999 is not a MovieLens user");
        await Expect(error).ToContainTextAsync("ids between 1 and 6040"); // the API's detail: what is valid
        await Expect(page.GetByLabel("MovieLens user id")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator(RecCards)).ToHaveCountAsync(10); // the popular picks stay: never a blank area

        await PickUserAsync(page, "abc");
        await Expect(error).ToContainTextAsync("between 1 and 6040");

        session.AssertNoErrors("/recommend?user=999999", "/users/999999", "/recommend?user=abc", "/users/abc");
    }

    [BrowserFact]
    public async Task A_card_shows_the_reason_the_API_gives_and_its_matched_genres()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        // The explanation fields (reason, matchedGenres) come from another branch of the API; here the real
        // answer is passed through with them added, as that contract words them.
        await page.RouteAsync("**/recommend?*", async route =>
        {
            var response = await route.FetchAsync();
            var json = JsonNode.Parse(await response.TextAsync())!;
            foreach (var item in json["items"]!.AsArray())
            {
                item!["reason"] = $"Because you liked Toy Story ({item["movieId"]})";
                item["matchedGenres"] = new JsonArray(JsonValue.Create(item["genres"]![0]!.GetValue<string>()));
            }
            await route.FulfillAsync(new() { Response = response, Body = json.ToJsonString() });
        });
        await session.GotoAsync("/?user=1");

        var cards = page.Locator(RecCards);
        await Expect(cards).ToHaveCountAsync(10);
        for (var i = 0; i < 10; i++)
        {
            var id = await cards.Nth(i).GetAttributeAsync("data-movie-id");
            await Expect(cards.Nth(i).Locator(".reason")).ToHaveTextAsync($"Because you liked Toy Story ({id})");
            await Expect(cards.Nth(i).Locator(".genres li.matched")).ToHaveCountAsync(1);
        }
        session.AssertNoErrors();
    }

    [BrowserFact]
    public async Task API_failures_in_any_area_show_as_readable_messages_not_blank_space()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.RouteAsync("**/top?*", route => route.FulfillAsync(new()
        {
            Status = 503, ContentType = "application/problem+json",
            Body = """{"title":"Chart unavailable","status":503,"detail":"The chart is being rebuilt; try again in a minute."}""",
        }));
        await page.RouteAsync("**/model", route => route.FulfillAsync(new() { Status = 502, ContentType = "text/html", Body = "<h1>Bad gateway</h1>" }));
        await session.GotoAsync();

        await Expect(page.Locator("#top-list [role=alert]")).ToContainTextAsync("The top chart could not be loaded: Chart unavailable");
        await Expect(page.Locator("#top-list [role=alert]")).ToContainTextAsync("The chart is being rebuilt; try again in a minute.");
        await Expect(page.Locator("#model-card [role=alert]")).ToContainTextAsync("The model card could not be loaded: Request failed (502");
        await Expect(page.Locator(RecCards)).ToHaveCountAsync(10); // the other areas still work
        session.AssertNoErrors("/top?", "/model");
    }

    [BrowserFact]
    public async Task The_page_works_with_the_keyboard_alone()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.GotoAsync();

        // Tab from the top of the page to the user id field, type, Enter.
        for (var i = 0; i < 20 && !await page.GetByLabel("MovieLens user id").EvaluateAsync<bool>("e => e === document.activeElement"); i++)
            await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("MovieLens user id")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("1");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#recs-title")).ToHaveTextAsync("Top picks for user 1");

        // A chip toggles with Space; a card title opens with Enter.
        await ChipAsync(page, "Drama").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await WaitForListsAsync(page);
        await AssertEveryItemHasAsync(page, RecCards, "Drama");
        await page.Locator(RecCards).First.Locator("h3 button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#similar-list > li.card")).ToHaveCountAsync(10);

        // A new visitor rates with the keyboard: one tab stop per movie, arrows pick the stars, Enter rates.
        await page.GetByRole(AriaRole.Button, new() { Name = "Start as a new visitor" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var tile = page.Locator("#rate-grid > li").First;
        await Expect(tile).ToBeVisibleAsync();
        await tile.Locator(".rate-title").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(tile.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(" 1 star$") })).ToBeFocusedAsync();
        for (var i = 0; i < 3; i++) await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("Enter");
        await Expect(tile.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(" 4 stars$") })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(tile.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(" 4 stars$") })).ToBeFocusedAsync(); // focus stays put
        await Expect(page.Locator("#recs")).ToHaveAttributeAsync("data-strategy", "personalized");
        // Tab leaves the stars for the next control, not the next star.
        await page.Keyboard.PressAsync("Tab");
        await Expect(tile.Locator(".unrate")).ToBeFocusedAsync();
        session.AssertNoErrors();
    }

    [BrowserFact]
    public async Task The_model_section_shows_the_plots_the_test_figures_next_to_the_baselines_and_the_credit()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.GotoAsync();
        var card = JsonDocument.Parse(await (await page.APIRequest.GetAsync("/model")).TextAsync()).RootElement;

        var table = page.Locator("#model table.figures");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(card.GetProperty("test").EnumerateObject().Count());
        var hybrid = card.GetProperty("test").GetProperty("hybrid");
        await Expect(table.Locator("tr.ours")).ToContainTextAsync(hybrid.GetProperty("rmse").GetDouble().ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(table).ToContainTextAsync("Bias-only baseline");
        foreach (var img in await page.Locator("#plots img").AllAsync())
        {
            await img.ScrollIntoViewIfNeededAsync();
            await Expect(img).ToHaveAttributeAsync("alt", NonEmptyPattern());
            Assert.True(await img.EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0"), await img.GetAttributeAsync("src"));
        }
        Assert.Equal(2, await page.Locator("#plots img").CountAsync());
        await Expect(page.Locator("#model .credit")).ToContainTextAsync("GroupLens");
        session.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Every_request_of_the_first_load_succeeds_and_each_is_expected()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.GotoAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var paths = session.Responses.Select(r => (Path: new Uri(r.Url).PathAndQuery, r.Status)).ToList();
        Assert.All(paths, r => Assert.True(r.Status is >= 200 and < 300, $"{r.Path} answered {r.Status}"));
        string[] expected =
        [
            "/", "/css/site.css", "/js/app.js", "/js/api.js", "/js/ui.js", "/js/visitor.js", "/js/model.js",
            "/genres", "/top?count=10", "/recommend?count=10", "/model", "/plots/loss.svg", "/plots/mae.svg",
        ];
        Assert.Equal(expected.Order(), paths.Select(p => p.Path).Order());
        session.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Screenshots_at_desktop_and_phone_width_and_nothing_wider_than_a_phone()
    {
        Directory.CreateDirectory(PageFixture.ScreenshotFolder);
        foreach (var (name, width, height) in new[] { ("desktop", 1366, 1100), ("phone", 375, 812) })
        {
            await using var session = await fixture.OpenAsync(width, height);
            var page = session.Page;
            await session.GotoAsync("/?user=1");
            await ChipAsync(page, "Comedy").ClickAsync();
            await WaitForListsAsync(page);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PageFixture.ScreenshotFolder, $"{name}.png") });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PageFixture.ScreenshotFolder, $"{name}-full.png"), FullPage = true });
            await page.Locator(RecCards).First.Locator("h3 button").ClickAsync();
            await Expect(page.Locator("#similar-list > li.card")).ToHaveCountAsync(10);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PageFixture.ScreenshotFolder, $"{name}-similar.png") });

            // The new visitor's rating grid, with two ratings given.
            await page.GetByRole(AriaRole.Button, new() { Name = "Start as a new visitor" }).ClickAsync();
            await Expect(page.Locator("#rate-grid > li")).ToHaveCountAsync(24);
            foreach (var (tile, stars) in new[] { (0, 5), (1, 4) })
            {
                await page.Locator("#rate-grid > li").Nth(tile).GetByRole(AriaRole.Button, new() { NameRegex = new Regex($" {stars} stars$") }).ClickAsync();
                await Expect(page.Locator("#rate-grid > li").Nth(tile)).ToHaveClassAsync(RatedPattern());
            }
            await Expect(page.Locator("#recs")).ToHaveAttributeAsync("data-strategy", "personalized");
            await page.Locator("#rate").ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PageFixture.ScreenshotFolder, $"{name}-visitor.png") });

            // Readable at this width: no sideways scrolling.
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= width, $"{name}: page is {scrollWidth}px wide in a {width}px window");
            session.AssertNoErrors();
        }
    }

    private static async Task PickUserAsync(IPage page, string id)
    {
        await page.GetByLabel("MovieLens user id").FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show picks" }).ClickAsync();
    }

    private static Task<string[]> RecommendedIdsAsync(IPage page) =>
        page.Locator(RecCards).EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.movieId)");

    private static ILocator ChipAsync(IPage page, string genre) =>
        page.Locator("#genre-chips").GetByRole(AriaRole.Button, new() { Name = genre, Exact = true });

    /// <summary>Waits until the recommendations and the chart have their answers (the lists carry aria-busy while loading).</summary>
    private static async Task WaitForListsAsync(IPage page)
    {
        await Expect(page.Locator("#recs")).Not.ToHaveAttributeAsync("aria-busy", "true");
        await Expect(page.Locator("#top-list")).Not.ToHaveAttributeAsync("aria-busy", "true");
    }

    private static async Task AssertEveryItemHasAsync(IPage page, string items, params string[] genres)
    {
        var lists = await page.Locator(items).EvaluateAllAsync<string[][]>(
            "items => items.map(i => [...i.querySelectorAll('.genres li')].map(g => g.textContent))");
        Assert.NotEmpty(lists);
        Assert.All(lists, list => Assert.Superset(genres.ToHashSet(), list.ToHashSet()));
    }

    [GeneratedRegex(@"^(1[89]|20)\d\d$")] private static partial Regex YearPattern();
    [GeneratedRegex(@"^Predicted [1-5]\.\d out of 5 stars$")] private static partial Regex PredictedPattern();
    [GeneratedRegex(@"^-?\d+% alike$")] private static partial Regex AlikePattern();
    [GeneratedRegex(@"\brated\b")] private static partial Regex RatedPattern();
    [GeneratedRegex(@"\S")] private static partial Regex NonEmptyPattern();
}
