using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace HybridRecommender.Api.OpenApi;

/// <summary>Copies <see cref="ParameterDocAttribute"/> onto the document's parameters.</summary>
public sealed class ParameterDocOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Parameters is null) return;
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            var doc = context.ApiDescription.ParameterDescriptions
                .Where(d => string.Equals(d.Name, parameter.Name, StringComparison.OrdinalIgnoreCase))
                .Select(d => Find(d.ParameterDescriptor))
                .FirstOrDefault(a => a is not null);
            if (doc is null) continue;

            parameter.Description = doc.Description;
            if (doc.Required) parameter.Required = true;
            if (doc.Integer)
            {
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Minimum = doc.Minimum == long.MinValue ? null : doc.Minimum.ToString(CultureInfo.InvariantCulture),
                    Maximum = doc.Maximum == long.MaxValue ? null : doc.Maximum.ToString(CultureInfo.InvariantCulture),
                };
                parameter.Example = JsonValue.Create(long.Parse(doc.Example, CultureInfo.InvariantCulture));
            }
            else if (doc.Number)
            {
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Number,
                    Minimum = doc.Minimum == long.MinValue ? null : doc.Minimum.ToString(CultureInfo.InvariantCulture),
                    Maximum = doc.Maximum == long.MaxValue ? null : doc.Maximum.ToString(CultureInfo.InvariantCulture),
                };
                parameter.Example = JsonValue.Create(double.Parse(doc.Example, CultureInfo.InvariantCulture));
            }
            else if (parameter.Schema?.Type is { } type && type.HasFlag(JsonSchemaType.Array))
            {
                parameter.Example = new JsonArray(doc.Example.Split(',').Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            }
            else
            {
                if (doc.AllowedValues is not null)
                {
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = doc.AllowedValues.Split(',').Select(v => (JsonNode)JsonValue.Create(v)!).ToList(),
                    };
                }
                parameter.Example = JsonValue.Create(doc.Example);
            }
        }
    }

    // Route-handler parameters and [AsParameters] properties both surface as a ParameterInfo.
    private static ParameterDocAttribute? Find(ParameterDescriptor? descriptor) =>
        (descriptor as IParameterInfoParameterDescriptor)?.ParameterInfo.GetCustomAttribute<ParameterDocAttribute>();
}
