namespace HybridRecommender.Core.Data;

/// <summary>A user. Demographics exist only in the ML-1M layout (users.dat); the CSV layout has ids only.</summary>
public sealed record User(int Id, string? Gender = null, int? AgeGroup = null, int? Occupation = null, string? ZipCode = null);
