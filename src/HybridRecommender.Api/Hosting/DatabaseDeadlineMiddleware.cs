using HybridRecommender.Api.Feedback;
using HybridRecommender.Core.Feedback;
using Microsoft.Extensions.Options;

namespace HybridRecommender.Api.Hosting;

public static class DatabaseDeadlineMiddleware
{
    /// <summary>
    /// Every database call of one request shares one deadline (Feedback:CommandTimeout), the bearer-token
    /// look-up of authentication included: a request waits for the database at most that long in all.
    /// </summary>
    public static IApplicationBuilder UseDatabaseDeadline(this WebApplication app)
    {
        var deadline = app.Services.GetRequiredService<IOptions<FeedbackOptions>>().Value.Deadline;
        return app.Use(async (context, next) =>
        {
            using (DatabaseBudget.Begin(deadline)) await next(context);
        });
    }
}
