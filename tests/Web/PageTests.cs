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
        await Expect(page.Locator("#similar-title")).ToHaveTextAsync($"More like {title}"); // not "because you watched": user 1 has not
        await Expect(page.Locator("#similar-title")).ToBeFocusedAsync();
        await Expect(page.Locator("#similar-title")).ToBeInViewportAsync(); // scrolled to (the browser context prefers reduced motion: no animation)
        var similar = page.Locator("#similar-list > li.card");
        await Expect(similar).ToHaveCountAsync(10);
        await Expect(similar.First.Locator(".similarity")).ToHaveTextAsync(AlikePattern());
        Assert.DoesNotContain(movieId, await similar.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.movieId)"));

        // A top-chart title opens its neighbours too.
        await page.Locator("#top-list > li").First.Locator("button").ClickAsync();
        await Expect(page.Locator("#similar-title")).ToHaveTextAsync("More like The Shawshank Redemption");
        await Expect(similar).ToHaveCountAsync(10);

        // Escape closes the panel and gives the focus back to the title that opened it.
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#similar")).ToBeHiddenAsync();
        await Expect(page.Locator("#top-list > li").First.Locator("button")).ToBeFocusedAsync();
        // So does Close.
        await first.Locator("h3 button").ClickAsync();
        await Expect(page.Locator("#similar")).ToBeVisibleAsync();
        await page.Locator("#similar-close").ClickAsync();
        await Expect(page.Locator("#similar")).ToBeHiddenAsync();
        await Expect(first.Locator("h3 button")).ToBeFocusedAsync();
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
        await Expect(page.Locator("#for-you")).ToBeHiddenAsync(); // no ratings yet: popular picks would repeat the chart
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
    public async Task An_unknown_user_id_gets_a_plain_message_and_an_invalid_one_is_never_sent()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        var sent = new List<string>();
        page.Request += (_, request) => { lock (sent) sent.Add(request.Url); };
        await session.GotoAsync();
        await Expect(page.Locator("#top-list > li")).ToHaveCountAsync(10);

        await PickUserAsync(page, "999999");

        var error = page.Locator("#user-error [role=alert]");
        // Not a MovieLens user, so possibly someone's private profile: the page says which ids are public.
        await Expect(error).ToContainTextAsync("User 999999 is not one of the MovieLens users (ids 1 to 6040)");
        await Expect(page.GetByLabel("MovieLens user id")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#top-list > li")).ToHaveCountAsync(10); // the chart stays: never a blank area

        foreach (var bad in new[] { "abc", "1.5", "-3", "0" })
        {
            await PickUserAsync(page, bad);
            await Expect(error).ToContainTextAsync($"“{bad}” is not a user id");
        }
        // An empty id after a real one says so instead of silently keeping the previous user.
        await PickUserAsync(page, "1");
        await Expect(page.Locator("#recs-title")).ToHaveTextAsync("Top picks for user 1");
        await PickUserAsync(page, "");
        await Expect(error).ToContainTextAsync("Type a user id first");

        lock (sent)
            Assert.DoesNotContain(sent, url => url.Contains("abc", StringComparison.Ordinal) || url.Contains("1.5", StringComparison.Ordinal)
                || url.Contains("-3", StringComparison.Ordinal) || url.Contains("user=0", StringComparison.Ordinal) || url.Contains("/users/0", StringComparison.Ordinal)
                || url.EndsWith("user=", StringComparison.Ordinal));
        await session.GotoAsync("/?user=abc"); // from the address too
        await Expect(error).ToContainTextAsync("“abc” is not a user id");
        lock (sent) Assert.DoesNotContain(sent, url => url.Contains("user=abc", StringComparison.Ordinal) && !url.EndsWith("/?user=abc", StringComparison.Ordinal));
        Assert.DoesNotMatch(Jargon(), await error.InnerTextAsync());
        session.AssertNoErrors("/recommend?user=999999", "/users/999999");
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
    public async Task Failures_in_any_area_show_as_plain_messages_not_blank_space_nor_the_servers_words()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.RouteAsync("**/top?*", route => route.FulfillAsync(new()
        {
            Status = 503, ContentType = "application/problem+json",
            Body = """{"title":"Chart unavailable","status":503,"detail":"GET /top failed; the chart is being rebuilt."}""",
        }));
        await page.RouteAsync("**/model", route => route.FulfillAsync(new() { Status = 502, ContentType = "text/html", Body = "<h1>Bad gateway</h1>" }));
        await session.GotoAsync("/?user=1");

        var top = page.Locator("#top-list [role=alert]");
        await Expect(top).ToContainTextAsync("The top chart could not be loaded");
        await Expect(top).ToContainTextAsync("The recommender is busy or starting up. Try again in a moment.");
        await Expect(top).Not.ToContainTextAsync("GET /top");
        await Expect(page.Locator("#model-card [role=alert]")).ToContainTextAsync("Something went wrong on the recommender’s side");
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

        var table = page.Locator("#model table.figures:not(.ranking)");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(card.GetProperty("test").EnumerateObject().Count());
        var hybrid = card.GetProperty("test").GetProperty("hybrid");
        await Expect(table.Locator("tr.ours")).ToContainTextAsync(hybrid.GetProperty("rmse").GetDouble().ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(table).ToContainTextAsync("Bias-only baseline");
        // The card's ranking figures (validation, the chosen blend) and the hidden layer said as one layer, 64 wide.
        var ranking = card.GetProperty("ranking");
        static double Number(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
        var chosen = ranking.GetProperty("validation").EnumerateArray().Single(p =>
            Number(p, "ratingWeight") == Number(ranking, "ratingWeight") && Number(p, "itemItemWeight") == Number(ranking, "itemItemWeight")
            && (Number(ranking, "itemItemWeight") == 0 || Number(p, "itemItemLambda") == Number(ranking, "itemItemLambda")));
        await Expect(page.Locator("#model table.ranking")).ToContainTextAsync(chosen.GetProperty("ndcg").GetDouble().ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#model .facts")).ToContainTextAsync("1 layer, 64 wide");
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
            "/genres", "/top?count=10", "/model", "/plots/loss.svg", "/plots/mae.svg",
        ];
        Assert.Equal(expected.Order(), paths.Select(p => p.Path).Order());
        session.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Screenshots_at_desktop_and_phone_width_and_nothing_wider_than_a_phone()
    {
        Directory.CreateDirectory(PageFixture.ScreenshotFolder);
        foreach (var (name, width, height) in new[] { ("desktop", 1280, 1000), ("phone", 375, 812) })
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

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PageFixture.ScreenshotFolder, $"{name}-visitor-full.png"), FullPage = true });

            // Readable at this width: no sideways scrolling, and no element (a rating tile, a star) past the right edge.
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= width, $"{name}: page is {scrollWidth}px wide in a {width}px window");
            var widest = await page.EvaluateAsync<double>("() => Math.max(...[...document.querySelectorAll('#rate *')].map(e => e.getBoundingClientRect().right))");
            Assert.True(widest <= width, $"{name}: something in the rating panel reaches {widest}px in a {width}px window");
            // Nothing a person reads speaks the model's or the server's jargon.
            Assert.DoesNotMatch(Jargon(), await page.EvaluateAsync<string>("() => document.body.innerText"));
            session.AssertNoErrors();
        }
    }

    [BrowserFact]
    public async Task The_landing_page_shows_the_popular_list_once()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.GotoAsync();

        await Expect(page.Locator("#top-list > li")).ToHaveCountAsync(10);
        await Expect(page.Locator("#for-you")).ToBeHiddenAsync();
        await Expect(page.Locator("#nav-for-you")).ToBeHiddenAsync();
        await PickUserAsync(page, "1");
        await Expect(page.Locator("#for-you")).ToBeVisibleAsync();
        var picks = await RecommendedIdsAsync(page);
        var chart = await page.Locator("#top-list > li").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.movieId)");
        Assert.NotEqual(chart, picks);
        session.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Genre_chips_and_any_or_all_live_in_the_address_so_a_reload_or_a_link_keeps_them()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.GotoAsync("/?user=1");

        await ChipAsync(page, "Comedy").ClickAsync();
        await WaitForListsAsync(page);
        await ChipAsync(page, "Romance").ClickAsync();
        await WaitForListsAsync(page);
        await page.GetByLabel("all chosen genres").CheckAsync();
        await WaitForListsAsync(page);
        Assert.EndsWith("/?user=1&genres=Comedy,Romance&match=all", page.Url, StringComparison.Ordinal);

        await page.ReloadAsync();
        await page.WaitForSelectorAsync("html[data-state=ready]");
        await Expect(ChipAsync(page, "Comedy")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(ChipAsync(page, "Romance")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.GetByLabel("all chosen genres")).ToBeCheckedAsync();
        await Expect(page.Locator("#filter-summary")).ToHaveTextAsync("Every one of: Comedy, Romance.");
        await AssertEveryItemHasAsync(page, RecCards, "Comedy", "Romance");
        await AssertEveryItemHasAsync(page, "#top-list > li", "Comedy", "Romance");

        // A shared link without a user: the chart is filtered the same way.
        await using var other = await fixture.OpenAsync();
        await other.GotoAsync("/?genres=drama&match=any");
        await Expect(ChipAsync(other.Page, "Drama")).ToHaveAttributeAsync("aria-pressed", "true");
        await AssertEveryItemHasAsync(other.Page, "#top-list > li", "Drama");
        session.AssertNoErrors();
        other.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Your_ratings_lists_what_a_visitor_rated_to_change_or_remove_it()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.GotoAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start as a new visitor" }).ClickAsync();
        var tiles = page.Locator("#rate-grid > li");
        await Expect(tiles).ToHaveCountAsync(24);
        var yours = page.Locator("#your-ratings > li.rate-tile");
        await Expect(yours).ToHaveCountAsync(0);

        foreach (var (tile, stars) in new[] { (0, 5), (1, 4), (2, 2) })
        {
            await tiles.Nth(tile).GetByRole(AriaRole.Button, new() { NameRegex = new Regex($" {stars} stars?$") }).ClickAsync();
            await Expect(yours).ToHaveCountAsync(tile + 1);
        }
        var firstTitle = Regex.Replace(await tiles.Nth(0).Locator(".rate-title").InnerTextAsync(), @" \(\d{4}\)$", "");
        await Expect(yours.Nth(0)).ToContainTextAsync(firstTitle);

        // Change: 5 → 3 stars from "Your ratings"; the server keeps it and the grid shows it too.
        var changed = page.WaitForResponseAsync(r => r.Request.Method == "PUT" && r.Url.Contains("/ratings/", StringComparison.Ordinal));
        await yours.Nth(0).GetByRole(AriaRole.Button, new() { NameRegex = new Regex(" 3 stars$") }).ClickAsync();
        Assert.Equal(200, (await changed).Status);
        await Expect(yours.Nth(0).GetByRole(AriaRole.Button, new() { NameRegex = new Regex(" 3 stars$") })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(yours.Nth(0).GetByRole(AriaRole.Button, new() { NameRegex = new Regex(" 3 stars$") })).ToBeFocusedAsync();
        await Expect(tiles.Nth(0).GetByRole(AriaRole.Button, new() { NameRegex = new Regex(" 3 stars$") })).ToHaveAttributeAsync("aria-pressed", "true");

        // Remove the second.
        var removed = page.WaitForResponseAsync(r => r.Request.Method == "DELETE");
        await yours.Nth(1).Locator(".unrate").ClickAsync();
        Assert.Equal(204, (await removed).Status);
        await Expect(yours).ToHaveCountAsync(2);
        await Expect(page.Locator("#rated-count")).ToHaveTextAsync("You have rated 2 movies.");
        await Expect(tiles.Nth(1)).Not.ToHaveClassAsync(RatedPattern());

        // A reload lists the same two, with their titles, from the server.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("html[data-state=ready]");
        await Expect(yours).ToHaveCountAsync(2);
        await Expect(yours.Nth(0)).ToContainTextAsync(firstTitle);
        await Expect(yours.Nth(0).GetByRole(AriaRole.Button, new() { NameRegex = new Regex(" 3 stars$") })).ToHaveAttributeAsync("aria-pressed", "true");
        session.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Rating_tiles_read_and_tab_across_rows_and_fit_a_phone()
    {
        foreach (var width in new[] { 1280, 375 })
        {
            await using var session = await fixture.OpenAsync(width, 900);
            var page = session.Page;
            await session.GotoAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Start as a new visitor" }).ClickAsync();
            var tiles = page.Locator("#rate-grid > li");
            await Expect(tiles).ToHaveCountAsync(24);

            var boxes = await tiles.EvaluateAllAsync<double[][]>("ts => ts.map(t => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right]; })");
            Assert.All(boxes, b => Assert.True(b[2] <= width, $"{width}px: a tile reaches {b[2]}px"));
            // DOM order (the tab order) is reading order: left to right along a row, then the next row down.
            for (var i = 1; i < boxes.Length; i++)
                Assert.True(boxes[i][1] > boxes[i - 1][1] + 1 || (Math.Abs(boxes[i][1] - boxes[i - 1][1]) <= 1 && boxes[i][0] > boxes[i - 1][0]),
                    $"{width}px: tile {i} at ({boxes[i][0]}, {boxes[i][1]}) does not follow tile {i - 1} at ({boxes[i - 1][0]}, {boxes[i - 1][1]}) in reading order");
            if (width == 1280) Assert.True(Math.Abs(boxes[1][1] - boxes[0][1]) <= 1, "the second tile is beside the first at 1280 px");

            // Tab from the first tile's stars goes to the second tile, the one to its right (or below on a phone).
            await tiles.Nth(0).GetByRole(AriaRole.Button, new() { NameRegex = new Regex(" 1 star$") }).FocusAsync();
            await page.Keyboard.PressAsync("Tab");
            await Expect(tiles.Nth(1).Locator(".rate-title")).ToBeFocusedAsync();
            session.AssertNoErrors();
        }
    }

    [BrowserFact]
    public async Task Focus_stays_where_a_new_visitor_tabbed_while_their_picks_load()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        // The visitor's first picks are held back until the person has moved on with the keyboard.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/recommend?*", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        var tiles = page.Locator("#rate-grid > li");
        try
        {
            await session.GotoAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Start as a new visitor" }).ClickAsync();
            await Expect(tiles).ToHaveCountAsync(24);
            await tiles.Nth(0).GetByRole(AriaRole.Button, new() { NameRegex = new Regex(" 1 star$") }).FocusAsync();
            await page.Keyboard.PressAsync("Tab");
            await Expect(tiles.Nth(1).Locator(".rate-title")).ToBeFocusedAsync();
        }
        finally
        {
            release.TrySetResult(); // a failure above must not leave the held request waiting for ever
        }
        await Expect(page.Locator(RecCards)).Not.ToHaveCountAsync(0);
        await WaitForListsAsync(page);
        await Expect(tiles.Nth(1).Locator(".rate-title")).ToBeFocusedAsync();
        session.AssertNoErrors();
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

    [GeneratedRegex(@"(?i:cosine|movie space|\bfold)|\bAPI\b|\b(GET|PUT|POST|DELETE|PATCH)\b")] private static partial Regex Jargon();
    [GeneratedRegex(@"^(1[89]|20)\d\d$")] private static partial Regex YearPattern();
    [GeneratedRegex(@"^Predicted [1-5]\.\d out of 5 stars$")] private static partial Regex PredictedPattern();
    [GeneratedRegex(@"^-?\d+% alike$")] private static partial Regex AlikePattern();
    [GeneratedRegex(@"\brated\b")] private static partial Regex RatedPattern();
    [GeneratedRegex(@"\S")] private static partial Regex NonEmptyPattern();
}
