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

    /// <summary>Syntax levels (a field and its selection set are two), far below where the recursive parser could overflow the stack.</summary>
    private const int MaxParserDepth = 64;
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 500 });

    public float SortOrder => 100;

    public GraphQLDocument? GetOrParse(string query) => GetOrParse(query, out _);

    public Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is null && options.Query is { } query)
        {
            options.Document = GetOrParse(query, out var tooDeep);
            // The executer's own parser allows deeper nesting, and its failure there reads only "Error executing document".
            if (tooDeep)
            {
                return Task.FromResult(new ExecutionResult
                {
                    Errors = [new ExecutionError($"The query is nested too deeply: more than {MaxParserDepth} syntax levels.") { Code = "MAX_DEPTH_EXCEEDED" }],
                });
            }
        }

        return next(options);
    }

    private GraphQLDocument? GetOrParse(string query, out bool tooDeep)
    {
        tooDeep = false;
        if (cache.TryGetValue(query, out GraphQLDocument? cached))
            return cached;
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(query, new ParserOptions { Ignore = IgnoreOptions.Comments, MaxDepth = MaxParserDepth });
        }
        catch (GraphQLMaxDepthExceededException)
        {
            tooDeep = true;
            return null;
        }
        catch (GraphQLParserException)
        {
            return null; // the executer parses again and reports the syntax error in the standard shape
        }

        if (query.Length <= MaxCachedQueryLength)
            cache.Set(query, document, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
        return document;
    }

    public void Dispose() => cache.Dispose();
}
