using HybridRecommender.Tests.Api;

namespace HybridRecommender.Tests.Web;

/// <summary>
/// A test that drives the page in Debian's Chromium against the API on the committed model. Skipped, with
/// the reason, where /usr/bin/chromium (apt-get install chromium; .ci/run installs it) or model/ is absent.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (PageFixture.SkipReason is { } reason) Skip = reason;
    }
}
