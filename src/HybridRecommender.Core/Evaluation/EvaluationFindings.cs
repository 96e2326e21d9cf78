using System.Globalization;

namespace HybridRecommender.Core.Evaluation;

/// <summary>
/// The comparisons that matter, said in words: does the hybrid beat the bias-only baseline and
/// popularity (saying so plainly when it does not), and what do genres add.
/// </summary>
public static class EvaluationFindings
{
    public static IReadOnlyList<string> Compare(ModelEvaluation hybrid, ModelEvaluation biasOnly, ModelEvaluation popularity,
        ModelEvaluation? strongBaseline, ModelEvaluation? withoutGenres, int k, ModelEvaluation? relevance = null, ModelEvaluation? relevanceWithoutGenres = null)
    {
        var findings = new List<string>
        {
            Accuracy(hybrid, biasOnly),
            Accuracy(hybrid, popularity),
            Ranking(hybrid, popularity, k),
            Ranking(hybrid, biasOnly, k),
        };
        if (strongBaseline is not null)
        {
            findings.Add(Ranking(hybrid, strongBaseline, k));
            findings.Add(Shortfall(hybrid, strongBaseline, k));
        }
        else
            findings.Add("Strong baseline: NOT measured — EASE^R was skipped at this catalogue size (see the protocol), so no comparison with it is claimed.");
        if (relevance is not null)
        {
            findings.Add(Ranking(relevance, popularity, k));
            findings.Add(Ranking(relevance, hybrid, k));
            if (strongBaseline is not null)
            {
                findings.Add(Ranking(relevance, strongBaseline, k));
                findings.Add(Shortfall(relevance, strongBaseline, k));
            }
        }
        if (hybrid.UsersTiedAtCutoff > 0 && hybrid.Ranking is { } hr)
            findings.Add($"Ties: for {hybrid.UsersTiedAtCutoff:N0} of {hr.Users:N0} ranked users the hybrid's top-{k} cut falls inside a tie of equal scores " +
                "(scores equal in float32), so the movie-index tie-break, not the model, chose part of their top list.");
        if (withoutGenres is not null)
        {
            var (with, without) = (hybrid.Accuracy!.Value.Rmse, withoutGenres.Accuracy!.Value.Rmse);
            var dRmse = with - without;
            var dNdcg = hybrid.Ranking!.Value.Ndcg - withoutGenres.Ranking!.Value.Ndcg;
            findings.Add($"Genres: test RMSE {F(with)} with vs {F(without)} without (Δ {Signed(dRmse)}; negative = genres help); " +
                $"NDCG@{k} {F(hybrid.Ranking.Value.Ndcg)} with vs {F(withoutGenres.Ranking.Value.Ndcg)} without (Δ {Signed(dNdcg)}{Joined("; ", StandardError(hybrid, withoutGenres), "")}; positive = genres help).");
        }
        if (relevance is not null && relevanceWithoutGenres is not null)
        {
            var dNdcg = relevance.Ranking!.Value.Ndcg - relevanceWithoutGenres.Ranking!.Value.Ndcg;
            findings.Add($"Genres, {relevance.Name}: NDCG@{k} {F(relevance.Ranking.Value.Ndcg)} with vs {F(relevanceWithoutGenres.Ranking.Value.Ndcg)} without " +
                $"(Δ {Signed(dNdcg)}{Joined("; ", StandardError(relevance, relevanceWithoutGenres), "")}; positive = genres help) — " + (dNdcg > 0 ? "genres help the ranking." : "genres do NOT help the ranking."));
        }
        return findings;
    }

    private static string Accuracy(ModelEvaluation a, ModelEvaluation b)
    {
        var (ra, rb) = (a.Accuracy!.Value.Rmse, b.Accuracy!.Value.Rmse);
        return ra < rb
            ? $"Rating accuracy: {a.Name} beats {b.Name} (RMSE {F(ra)} vs {F(rb)})."
            : $"Rating accuracy: {a.Name} does NOT beat {b.Name} (RMSE {F(ra)} vs {F(rb)}).";
    }

    // The issue's bar: beat the strong baseline, or say by how much the model falls short.
    private static string Shortfall(ModelEvaluation a, ModelEvaluation b, int k)
    {
        var (na, nb) = (a.Ranking!.Value.Ndcg, b.Ranking!.Value.Ndcg);
        return na >= nb
            ? $"Strong baseline: {a.Name} reaches NDCG@{k} {F5(na)}, {F(na - nb)} above {b.Name}'s {F5(nb)}{Joined(" (", StandardError(a, b), ")")}."
            : $"Strong baseline: {a.Name} falls short of {b.Name} by {F(nb - na)} NDCG@{k} ({F5(na)} vs {F5(nb)}: it reaches {(na / nb).ToString("0%", CultureInfo.InvariantCulture)} of {b.Name}'s NDCG@{k}{Joined("; ", StandardError(a, b), "")}).";
    }

    // The gap's standard error over the ranked users, when both models kept their per-user figures.
    private static string? StandardError(ModelEvaluation a, ModelEvaluation b)
    {
        // Figures for different users are a pairing error: PairedDifference refuses them rather than print nothing.
        if (a.UserNdcg is not { } x || b.UserNdcg is not { } y || x.Count < 2) return null;
        var d = PairedDifference.Of(x, y);
        return string.Create(CultureInfo.InvariantCulture,
            $"standard error of the gap over the {d.Users:N0} users {F(d.StandardError)}, not counting the training seed's spread");
    }

    private static string Joined(string before, string? text, string after) => text is null ? "" : before + text + after;

    private static string Ranking(ModelEvaluation a, ModelEvaluation b, int k)
    {
        var ra = a.Ranking!.Value;
        var rb = b.Ranking!.Value;
        var worse = new List<string>();
        if (ra.Precision < rb.Precision) worse.Add($"Precision@{k} {F(ra.Precision)} vs {F(rb.Precision)}");
        if (ra.Recall < rb.Recall) worse.Add($"Recall@{k} {F(ra.Recall)} vs {F(rb.Recall)}");
        if (ra.Ndcg < rb.Ndcg) worse.Add($"NDCG@{k} {F(ra.Ndcg)} vs {F(rb.Ndcg)}");
        return worse.Count == 0
            ? $"Ranking: {a.Name} ranks at least as well as {b.Name} on all three metrics (NDCG@{k} {F(ra.Ndcg)} vs {F(rb.Ndcg)})."
            : $"Ranking: {a.Name} ranks WORSE than {b.Name} on {string.Join("; ", worse)}.";
    }

    private static string F(double x) => x.ToString("0.0000", CultureInfo.InvariantCulture);

    // One more digit where a difference is printed beside its two figures, so that the arithmetic checks.
    private static string F5(double x) => x.ToString("0.00000", CultureInfo.InvariantCulture);
    private static string Signed(double x) => x.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);
}
