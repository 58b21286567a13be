using System.Net;
using System.Security.Claims;
using MfaMonolith.Host.Identity;
using MfaMonolith.Modules.Audit.Domain;
using MfaMonolith.Modules.Audit.Persistence;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Tests.Support.OpenIddict;

/// <summary>
/// The product in OIDC mode against an <see cref="OpenIddictProvider"/>, and a browser's walk between the two:
/// redirects to the provider go over real HTTP, those back to the product through the test client (which keeps the
/// product's cookies).
/// </summary>
internal sealed class OidcFlow(OpenIddictProvider provider)
{
    public const string SessionCookie = "mfa.session";
    public const string AdminClaim = "eduPersonEntitlement";
    public const string AdminValue = "urn:mace:example.org:mfa:admin";

    /// <summary>The product configured for <see cref="OpenIddictProvider"/>, its clock at the real time (the id_token's is).</summary>
    public MfaAppFactory Product(params (string Key, string Value)[] settings)
    {
        var product = new MfaAppFactory();
        product.Clock.Set(DateTimeOffset.UtcNow);
        product.Settings["Mfa:Oidc:Authority"] = provider.Issuer;
        product.Settings["Mfa:Oidc:ClientId"] = OpenIddictProvider.ClientId;
        product.Settings["Mfa:Oidc:ClientSecret"] = OpenIddictProvider.ClientSecret;
        product.Settings["Mfa:Oidc:RequireHttpsMetadata"] = "false";
        product.Settings["Mfa:Oidc:AdminClaim"] = AdminClaim;
        product.Settings["Mfa:Oidc:AdminClaimValue"] = AdminValue;
        foreach (var (key, value) in settings)
            product.Settings[key] = value;
        return product;
    }

    /// <summary>A new browser that opens <paramref name="path"/> and signs in at the provider as <see cref="OpenIddictProvider.NextUser"/>.</summary>
    public async Task<BrowserSession> SignInAsync(MfaAppFactory product, string path = "/tokens")
    {
        var browser = new BrowserSession(product);
        var (page, _) = await FollowAsync(browser, await browser.Client.GetAsync(path));
        page.StatusCode.ShouldBe(HttpStatusCode.OK, await page.Content.ReadAsStringAsync());
        return browser;
    }

    public async Task<(HttpResponseMessage Final, List<string> Visited)> FollowAsync(BrowserSession browser, HttpResponseMessage response)
    {
        var (final, visited, _) = await FollowCollectingCookiesAsync(browser, response);
        return (final, visited);
    }

    /// <summary>Follows redirects as a browser would. Returns the last response, the URLs visited and the cookies the product set on the way.</summary>
    public async Task<(HttpResponseMessage Final, List<string> Visited, List<string> SetCookies)> FollowCollectingCookiesAsync(
        BrowserSession browser, HttpResponseMessage response)
    {
        using var toProvider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var visited = new List<string>();
        var setCookies = new List<string>();
        for (var hops = 0; (int)response.StatusCode is 301 or 302 or 303 or 307 && hops < 12; hops++)
        {
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
                setCookies.AddRange(cookies);
            var location = response.Headers.Location!;
            if (!location.IsAbsoluteUri)
                location = new Uri(new Uri("http://localhost"), location);
            visited.Add(location.ToString());
            response = location.ToString().StartsWith(provider.Issuer, StringComparison.Ordinal) || !location.Host.Equals("localhost", StringComparison.Ordinal)
                ? await toProvider.GetAsync(location)
                : await browser.Client.GetAsync(location.PathAndQuery);
        }

        if (response.Headers.TryGetValues("Set-Cookie", out var last))
            setCookies.AddRange(last);
        return (response, visited, setCookies);
    }

    /// <summary>The session cookie's <c>name=value</c> among <paramref name="setCookies"/>, to send from another client.</summary>
    public static string SessionCookieOf(IEnumerable<string> setCookies) =>
        setCookies.Single(c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal)).Split(';', 2)[0];

    /// <summary>The product's own principal inside <paramref name="sessionCookie"/> (<c>name=value</c>), as the Host reads it.</summary>
    public static ClaimsPrincipal SessionOf(MfaAppFactory product, string sessionCookie)
    {
        var cookies = product.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(AuthenticationSetup.SessionScheme);
        var ticket = cookies.TicketDataFormat.Unprotect(sessionCookie.Split('=', 2)[1]);
        return ticket.ShouldNotBeNull().Principal;
    }

    public static async Task<HttpResponseMessage> GetWithCookieAsync(MfaAppFactory product, string path, string cookie)
    {
        using var client = product.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    public static async Task<List<AuditRecord>> AuditAsync(MfaAppFactory product)
    {
        await using var scope = product.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditDbContext>().Records.AsNoTracking().ToListAsync();
    }
}
