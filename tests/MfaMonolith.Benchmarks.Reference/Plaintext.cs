using System.Text;

namespace MfaMonolith.Benchmarks.Reference;

/// <summary>TechEmpower's plaintext test: the least an HTTP server can do per request.</summary>
internal static class Plaintext
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Hello, World!");

    public static Task WriteAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = Body.Length;
        return context.Response.Body.WriteAsync(Body, 0, Body.Length);
    }
}
