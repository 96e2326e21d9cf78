using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace HybridRecommender.Api.Endpoints;

/// <summary>
/// An endpoint filter for every endpoint: a query parameter the endpoint does not take is a 400
/// listing the ones it does (a typo such as genre= must not be silently ignored), and a parameter
/// given twice is a 400 naming it — except list parameters (string[], e.g. genres) that are meant
/// to repeat. The accepted names are read from the handler's [FromQuery] parameters and the
/// [FromQuery] properties of its [AsParameters] records, so they cannot drift from the binding.
/// </summary>
public static class QueryParameterRules
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var accepted = new Dictionary<string, (string Name, bool Repeatable)>(StringComparer.OrdinalIgnoreCase); // binding is case-insensitive
        foreach (var p in context.MethodInfo.GetParameters())
        {
            if (p.GetCustomAttribute<AsParametersAttribute>() is not null)
                foreach (var prop in p.ParameterType.GetProperties())
                    Add(accepted, prop.GetCustomAttribute<FromQueryAttribute>(), prop.Name, prop.PropertyType);
            else
                Add(accepted, p.GetCustomAttribute<FromQueryAttribute>(), p.Name!, p.ParameterType);
        }
        var valid = accepted.Keys.ToArray();

        return invocation =>
        {
            var http = invocation.HttpContext;
            foreach (var (name, values) in http.Request.Query)
            {
                if (!accepted.TryGetValue(name, out var rule))
                {
                    var detail = valid.Length == 0
                        ? $"Unknown query parameter '{QueryParameters.Echo(name)}': {http.Request.Path} takes no query parameters."
                        : $"Unknown query parameter '{QueryParameters.Echo(name)}'. {http.Request.Path} takes: {string.Join(", ", valid)}.";
                    var problem = Problems.BadRequest("Unknown query parameter", detail, name);
                    problem.Extensions["validParameters"] = valid;
                    return ValueTask.FromResult<object?>(new Http.BadRequestProblem(problem));
                }
                if (values.Count > 1 && !rule.Repeatable)
                {
                    var problem = Problems.BadRequest($"Repeated parameter '{rule.Name}'",
                        $"'{rule.Name}' was given {values.Count} times ({string.Join(", ", values.Select(v => $"'{QueryParameters.Echo(v ?? "")}'"))}); give it once.", rule.Name);
                    return ValueTask.FromResult<object?>(new Http.BadRequestProblem(problem));
                }
            }
            return next(invocation);
        };
    }

    private static void Add(Dictionary<string, (string, bool)> accepted, FromQueryAttribute? query, string fallbackName, Type type)
    {
        if (query is null) return;
        var name = query.Name ?? fallbackName;
        accepted[name] = (name, type.IsArray);
    }
}
