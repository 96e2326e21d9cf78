using System.Diagnostics.Metrics;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// The recommender's own instruments, exported at /metrics beside ASP.NET Core's request rates and latencies:
/// <c>hr_model_version</c> (the stored version served; 0 = Model:Path), <c>hr_fold_ins_total</c>, <c>hr_model_refusals_total</c>,
/// and <c>hr_retrain_age_seconds{outcome}</c> (time since the last retraining run ended, labelled with its outcome).
/// </summary>
public sealed class RecommenderMetrics
{
    public const string MeterName = "HybridRecommender";

    private readonly Counter<long> _foldIns;
    private readonly Counter<long> _refusals;

    public RecommenderMetrics(IMeterFactory meters, ModelRollout rollout)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("hr.model.version", () => (long)(rollout.Current.Version ?? 0),
            description: "The stored model version this replica serves; 0: the configured folder (Model:Path, the committed model/).");
        meter.CreateObservableGauge("hr.retrain.age", () => rollout.Current.LastRetrain is { } last
                ? [new Measurement<double>((DateTimeOffset.UtcNow - last.FinishedAt).TotalSeconds, new KeyValuePair<string, object?>("outcome", last.Outcome))]
                : Array.Empty<Measurement<double>>(),
            unit: "s", description: "Seconds since the last retraining run ended, labelled with its outcome (promoted, kept, failed).");
        _foldIns = meter.CreateCounter<long>("hr.fold_ins", description: "User profiles folded in from ratings given through the API.");
        _refusals = meter.CreateCounter<long>("hr.model.refusals", description: "Model versions this replica refused to serve (failed to load or to pass its checks).");
    }

    public void FoldedIn() => _foldIns.Add(1);

    public void Refused() => _refusals.Add(1);
}
