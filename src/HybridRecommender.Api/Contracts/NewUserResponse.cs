namespace HybridRecommender.Api.Contracts;

/// <summary>The answer of POST /users.</summary>
/// <param name="Id">The new user's id: above every id of the model, allocated by the database.</param>
/// <param name="Token">The user's bearer token (Authorization: Bearer …) for writing their ratings. Shown only this once; the server keeps only its hash.</param>
public sealed record NewUserResponse(int Id, string Token);
