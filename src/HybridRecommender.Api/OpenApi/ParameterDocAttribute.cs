namespace HybridRecommender.Api.OpenApi;

/// <summary>
/// The OpenAPI description and example of a query or route parameter. Values that are parsed by
/// the endpoint (taken as strings so bad input gets a problem body) set <see cref="Integer"/> so the
/// document still states the real type and range.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ParameterDocAttribute(string description, string example) : Attribute
{
    public string Description { get; } = description;
    /// <summary>Comma-separated for array parameters.</summary>
    public string Example { get; } = example;
    public bool Integer { get; set; }
    /// <summary>A decimal number (the document states type number with <see cref="Minimum"/> and <see cref="Maximum"/>).</summary>
    public bool Number { get; set; }
    /// <summary>For values the endpoint requires although they bind as optional strings.</summary>
    public bool Required { get; set; }
    public long Minimum { get; set; } = long.MinValue;
    public long Maximum { get; set; } = long.MaxValue;
    /// <summary>Comma-separated: the only values a text parameter accepts (an enum in the document).</summary>
    public string? AllowedValues { get; set; }
}
