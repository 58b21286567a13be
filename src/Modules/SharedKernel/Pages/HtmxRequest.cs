using Microsoft.AspNetCore.Http;

namespace MfaMonolith.SharedKernel.Pages;

public static class HtmxRequest
{
    /// <summary>True when htmx asked for a fragment (not a boosted whole-page request).</summary>
    public static bool WantsFragment(this HttpRequest request) =>
        request.Headers["HX-Request"] == "true" && request.Headers["HX-Boosted"] != "true";
}
