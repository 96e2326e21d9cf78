namespace HybridRecommender.Core.Feedback;

/// <summary>One step of the feedback schema: applied once, in order, inside a transaction, and recorded in <c>feedback_schema_migrations</c>.</summary>
public sealed record SchemaMigration(int Version, string Description, string Sql);
