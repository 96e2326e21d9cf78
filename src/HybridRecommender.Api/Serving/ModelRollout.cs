using HybridRecommender.Core.Versions;

namespace HybridRecommender.Api.Serving;

/// <summary>
/// What this replica serves and what it refused, for /health, /model and /metrics: the stored version in use (null: the configured
/// folder), the last version it could not load and why, and the latest retraining run it has seen in the database.
/// </summary>
public sealed class ModelRollout
{
    private State _state = new(null, null, null, null, null);

    /// <summary>An immutable snapshot: readers never see half an update.</summary>
    /// <param name="Version">The stored version served; null: the configured folder (Model:Path).</param>
    /// <param name="Info">Its metadata; null with <paramref name="Version"/>.</param>
    /// <param name="Refused">The last version this replica refused to serve, and why; cleared when a version is swapped in.</param>
    /// <param name="LastRetrain">The latest retraining run recorded in the database.</param>
    /// <param name="Sha256">The served version's bundle hash.</param>
    public sealed record State(int? Version, ModelVersionInfo? Info, RefusedVersion? Refused, RetrainRecord? LastRetrain, string? Sha256);

    /// <summary>A version that failed to load or to pass the replica's checks.</summary>
    public sealed record RefusedVersion(int Version, string Sha256, string Reason, DateTimeOffset At);

    // Which stored version each served bundle is: a request reports the version of the model it resolved, even across a swap
    // (keyed by the bundle: a catalogue change rebuilds the service around the same bundle).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Core.Bundle.ModelBundle, State> _byModel = new();

    public State Current => Volatile.Read(ref _state);

    /// <summary>The stored version <paramref name="model"/> was loaded from; null for the configured folder.</summary>
    public (int Version, ModelVersionInfo? Info)? VersionOf(RecommendationService model) =>
        _byModel.TryGetValue(model.Bundle, out var s) && s.Version is { } v ? (v, s.Info) : null;

    /// <summary>Records that <paramref name="model"/> (a stored version, or the configured folder when <paramref name="version"/> is null) is now served.</summary>
    public void Served(RecommendationService model, int? version, string? sha256, ModelVersionInfo? info)
    {
        Update(s => s with { Version = version, Sha256 = sha256, Info = info, Refused = null });
        _byModel.AddOrUpdate(model.Bundle, Current);
    }

    public void Refuse(RefusedVersion refused) => Update(s => s with { Refused = refused });

    public void SawRetrain(RetrainRecord? last) => Update(s => s with { LastRetrain = last });

    private void Update(Func<State, State> change)
    {
        State seen, next;
        do
        {
            seen = Volatile.Read(ref _state);
            next = change(seen);
        } while (Interlocked.CompareExchange(ref _state, next, seen) != seen);
    }
}
