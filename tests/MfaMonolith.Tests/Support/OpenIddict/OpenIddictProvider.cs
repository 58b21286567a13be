using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MfaMonolith.Tests.Support.OpenIddict;

/// <summary>
/// A real OpenID provider, OpenIddict's server, on a loopback port: the product's back channel talks real HTTP to it.
/// The server does the protocol (client authentication, redirect URIs, PKCE S256, one-time codes, nonce, signed
/// id_tokens, end-session); the test only chooses who signs in (<see cref="NextUser"/>: the authorize endpoint signs
/// them in without asking), may spoil the next id_token (<see cref="NextForgery"/>), and reads what the server was sent.
/// </summary>
public sealed partial class OpenIddictProvider : IAsyncDisposable
{
    public const string ClientId = "mfa-product";
    public const string ClientSecret = "product-client-secret";
    public const string RedirectUri = "http://localhost/signin-oidc";
    public const string PostLogoutRedirectUri = "http://localhost/signout-callback-oidc";
    public const string MfaAcr = "https://refeds.org/profile/mfa";
    public const string SingleFactorAcr = "https://refeds.org/profile/sfa";
    private const string SigningKeyId = "test-signing-key";

    private readonly WebApplication app;
    private readonly RSA signingKey = RSA.Create(2048);
    // A named in-memory database lives as long as one connection to it is open.
    private readonly SqliteConnection keepAlive = new($"Data Source=openiddict-{Guid.NewGuid():N};Mode=Memory;Cache=Shared");

    private OpenIddictProvider(bool withEndSession)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<ProviderDbContext>(options => options.UseSqlite(keepAlive.ConnectionString).UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<ProviderDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("authorize").SetTokenEndpointUris("token");
                if (withEndSession)
                    server.SetEndSessionEndpointUris("end-session");
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile);
                server.AddSigningKey(new RsaSecurityKey(signingKey) { KeyId = SigningKeyId });
                // Codes are always encrypted by OpenIddict; the access token is not read by anyone here.
                server.AddEphemeralEncryptionKey().DisableAccessTokenEncryption();
                AddTestHandlers(server);
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    // Loopback http: the product reaches the provider over plain HTTP in tests only.
                    .DisableTransportSecurityRequirement();
            });
        app = builder.Build();
        app.UseAuthentication();
        app.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], SignInNextUser);
        app.MapPost("/token", ExchangeCodeAsync);
        app.MapMethods("/end-session", [HttpMethods.Get, HttpMethods.Post],
            () => Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]));
    }

    /// <summary>The authority the product is configured with: the provider's address, without a trailing slash.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>
    /// The claims of whoever signs in next, one claim per value (several values become a JSON array in the id_token).
    /// <c>sub</c> is required by the server; <c>acr</c> is a claim like any other.
    /// </summary>
    public Dictionary<string, string[]> NextUser { get; } = new() { ["sub"] = ["oidc-user"] };

    /// <summary>How the next id_token is spoiled, to see the product refuse it.</summary>
    public Forgery NextForgery { get; set; }

    /// <summary>Every authorization request as the server read it, including refused ones.</summary>
    public ConcurrentQueue<OpenIddictRequest> AuthorizeRequests { get; } = new();

    /// <summary>Every token request as the server read it, with the error it answered (null: tokens were issued) and the id_token.</summary>
    public ConcurrentQueue<TokenExchange> TokenRequests { get; } = new();

    public ConcurrentQueue<OpenIddictRequest> EndSessionRequests { get; } = new();

    public static async Task<OpenIddictProvider> StartAsync(bool withEndSession = true)
    {
        var provider = new OpenIddictProvider(withEndSession);
        await provider.keepAlive.OpenAsync();
        await provider.RegisterProductAsync();
        await provider.app.StartAsync();
        var address = provider.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        provider.Issuer = address.TrimEnd('/');
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await keepAlive.DisposeAsync();
        signingKey.Dispose();
    }

    /// <summary>The product, as a ProxyIdP registers it: a confidential client that must use PKCE.</summary>
    private async Task RegisterProductAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ProviderDbContext>().Database.EnsureCreatedAsync();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            RedirectUris = { new Uri(RedirectUri) },
            PostLogoutRedirectUris = { new Uri(PostLogoutRedirectUri) },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor);
    }

    /// <summary>The login page of a provider, minus the page: whoever the test chose is signed in at once.</summary>
    private IResult SignInNextUser(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        foreach (var (type, values) in NextUser)
        {
            foreach (var value in values)
                identity.AddClaim(new Claim(type, value));
        }

        identity.SetScopes(request.GetScopes());
        // The product reads claims from the id_token only (ADR 0012).
        identity.SetDestinations(static _ => [Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The server has checked the code, the client and the verifier: issue tokens for whom the code was issued.</summary>
    private static async Task<IResult> ExchangeCodeAsync(HttpRequest request)
    {
        var code = await request.HttpContext.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        return code.Principal is { } principal
            ? Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
            : Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    public enum Forgery
    {
        None,
        /// <summary>The id_token is signed by a key the provider does not publish (with the provider's key id).</summary>
        WrongSignature,
        /// <summary>The id_token is issued, and signed by the provider, for another client.</summary>
        WrongAudience,
        /// <summary>The id_token carries the nonce of an earlier sign-in, as a replayed token would.</summary>
        ReplayedNonce,
    }

    /// <param name="IdToken">The id_token as the product received it (after any <see cref="NextForgery"/>).</param>
    public sealed record TokenExchange(OpenIddictRequest Request, string? Error, string? IdToken);
}
