namespace HybridRecommender.Api.Serving;

/// <summary>The resolved folder of the trainer's plots (Model:PlotsPath).</summary>
public sealed record PlotsFolder(string Path)
{
    /// <summary>The folder the trainer writes a variant's plots to, inside its model folder (training --out X → X/plots).</summary>
    public const string InModelFolder = "plots";

    /// <summary>
    /// Model:PlotsPath when it is set; otherwise the model folder's own plots/ when it has one (a variant trained with
    /// --out), so /plots shows the curves of the model being served; otherwise the repository's assets/ (the committed
    /// model's plots). A relative path resolves like the model folder (<see cref="RepositoryPath"/>).
    /// </summary>
    public static PlotsFolder For(string? configured, string modelFolder, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return new(RepositoryPath.Resolve(configured, contentRoot));
        var own = System.IO.Path.Combine(modelFolder, InModelFolder);
        return new(Directory.Exists(own) ? own : RepositoryPath.Resolve("assets", contentRoot));
    }
}
