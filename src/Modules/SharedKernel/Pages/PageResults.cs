using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MfaMonolith.SharedKernel.Pages;

public static class PageResults
{
    /// <summary>Renders a page component to HTML; <paramref name="parameters"/> are its [Parameter]s.</summary>
    public static IResult Page<TPage>(object? parameters = null, int statusCode = StatusCodes.Status200OK)
        where TPage : IComponent =>
        new RazorComponentResult<TPage>(parameters ?? new { }) { StatusCode = statusCode };

    /// <summary>A page saying that what was asked for does not exist (or is not the user's: the two look alike).</summary>
    public static IResult NotFound(string message) =>
        Page<NotFoundPage>(new { Message = message }, StatusCodes.Status404NotFound);

    /// <summary>Post/Redirect/Get: 303 so the browser (and htmx) follows with a GET.</summary>
    public static IResult SeeOther(string localUrl) => new SeeOtherResult(localUrl);

    private sealed class SeeOtherResult(string url) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/";
            return Task.CompletedTask;
        }
    }
}
