namespace MfaMonolith.Host.Identity.Oidc;

/// <summary>
/// Pages are boosted by htmx, which follows a redirect inside XMLHttpRequest: a redirect to the ProxyIdP (another
/// origin) would fail there. For an htmx request, the redirect becomes <c>HX-Redirect</c>, which makes htmx move the
/// whole page — a plain navigation, outside the Content-Security-Policy's <c>connect-src</c> and <c>form-action</c>.
/// </summary>
internal static class HtmxRedirect
{
    public static void WhenHtmx(HttpContext http)
    {
        if (http.Request.Headers["HX-Request"] != "true")
            return;
        http.Response.OnStarting(() =>
        {
            var response = http.Response;
            if (response.StatusCode is StatusCodes.Status302Found or StatusCodes.Status303SeeOther && response.Headers.Location.ToString() is { Length: > 0 } location)
            {
                response.StatusCode = StatusCodes.Status200OK;
                response.Headers["HX-Redirect"] = location;
                response.Headers.Location = default;
            }

            return Task.CompletedTask;
        });
    }
}
