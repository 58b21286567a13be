using GraphQL;
using GraphQL.DI;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Caching.Memory;

namespace MfaMonolith.Host.GraphQL;

/// <summary>
/// Parsed documents by query text: the ProxyIdP sends the same two documents on every login with only the
/// variables changing, so parsing happens once per document, not once per request.
/// </summary>
internal sealed class ParsedDocumentCache : IConfigureExecution, IDisposable
{
    private const int MaxCachedQueryLength = 16 * 1024;
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 500 });

    public float SortOrder => 100;

    public GraphQLDocument? GetOrParse(string query)
    {
        if (cache.TryGetValue(query, out GraphQLDocument? cached))
            return cached;
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = 64 });
        }
        catch (GraphQLParserException)
        {
            return null; // the executer parses again and reports the syntax error in the standard shape
        }

        if (query.Length <= MaxCachedQueryLength)
            cache.Set(query, document, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
        return document;
    }

    public Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is null && options.Query is { } query)
            options.Document = GetOrParse(query);
        return next(options);
    }

    public void Dispose() => cache.Dispose();
}
