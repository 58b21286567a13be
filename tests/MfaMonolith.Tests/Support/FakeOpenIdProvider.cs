using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MfaMonolith.Tests.Support;

/// <summary>
/// A small OpenID provider on a real loopback port (the product's back channel talks real HTTP to it): discovery, keys,
/// an authorize endpoint that signs in whoever <see cref="NextUser"/> says without asking, a token endpoint that checks
/// the PKCE verifier and the client's secret, and an end-session endpoint. It records what it was sent.
/// </summary>
public sealed class FakeOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "mfa-product";
    public const string ClientSecret = "product-client-secret";
    private const string KeyId = "test-key-1";

    private readonly WebApplication app;
    private readonly RSA signingKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, IssuedCode> codes = new();

    private FakeOpenIdProvider(bool withEndSession)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", Discovery(withEndSession));
        app.MapGet("/jwks", Keys);
        app.MapGet("/authorize", Authorize);
        app.MapPost("/token", TokenAsync);
        app.MapGet("/end-session", EndSession);
    }

    /// <summary>The issuer, without a trailing slash.</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>The claims of whoever signs in next, beyond iss/aud/nonce/iat/exp (set <c>sub</c> here).</summary>
    public Dictionary<string, object> NextUser { get; } = new() { ["sub"] = "oidc-user" };

    /// <summary>How the next id_token is spoiled, to see the product refuse it.</summary>
    public Forgery NextForgery { get; set; }

    public ConcurrentQueue<IQueryCollection> AuthorizeRequests { get; } = new();

    public ConcurrentQueue<TokenRequest> TokenRequests { get; } = new();

    public ConcurrentQueue<IQueryCollection> EndSessionRequests { get; } = new();

    public static async Task<FakeOpenIdProvider> StartAsync(bool withEndSession = true)
    {
        var provider = new FakeOpenIdProvider(withEndSession);
        await provider.app.StartAsync();
        var address = provider.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        provider.Issuer = address.TrimEnd('/');
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        signingKey.Dispose();
    }

    private Func<IResult> Discovery(bool withEndSession) => () =>
    {
        var document = new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["jwks_uri"] = Issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        };
        if (withEndSession)
            document["end_session_endpoint"] = Issuer + "/end-session";
        return Results.Json(document);
    };

    private IResult Keys()
    {
        var parameters = signingKey.ExportParameters(false);
        return Results.Json(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
            },
        });
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        AuthorizeRequests.Enqueue(query);
        if (query["response_type"] != "code" || query["client_id"] != ClientId || string.IsNullOrEmpty(query["code_challenge"])
            || query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["redirect_uri"]))
        {
            return Results.BadRequest("response_type=code, the client id, redirect_uri and an S256 code_challenge are required");
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        codes[code] = new IssuedCode(query["code_challenge"]!, query["redirect_uri"]!, query["nonce"].ToString(), new Dictionary<string, object>(NextUser), NextForgery);
        var back = QueryHelpers.AddQueryString(query["redirect_uri"]!, new Dictionary<string, string?> { ["code"] = code, ["state"] = query["state"] });
        return Results.Redirect(back);
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var code = form["code"].ToString();
        var verifier = form["code_verifier"].ToString();
        var issued = codes.TryRemove(code, out var found) ? found : null;
        var verifierMatches = issued is not null && verifier.Length > 0
            && Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) == issued.CodeChallenge;
        var clientMatches = form["client_id"] == ClientId && form["client_secret"] == ClientSecret;
        TokenRequests.Enqueue(new TokenRequest(form["grant_type"].ToString(), verifier, verifierMatches, clientMatches));
        if (issued is null || form["grant_type"] != "authorization_code" || form["redirect_uri"] != issued.RedirectUri)
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        if (!clientMatches)
            return Results.Json(new { error = "invalid_client" }, statusCode: StatusCodes.Status401Unauthorized);
        if (!verifierMatches)
            return Results.Json(new { error = "invalid_grant", error_description = "PKCE verification failed" }, statusCode: StatusCodes.Status400BadRequest);

        var accessToken = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        return Results.Json(new { access_token = accessToken, token_type = "Bearer", expires_in = 300, id_token = IdToken(issued, accessToken) });
    }

    private string IdToken(IssuedCode issued, string accessToken)
    {
        var claims = new Dictionary<string, object>(issued.Claims)
        {
            ["nonce"] = issued.Nonce,
            ["at_hash"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]),
        };
        using var otherKey = RSA.Create(2048);
        var key = issued.Forgery == Forgery.WrongSignature ? otherKey : signingKey;
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = issued.Forgery == Forgery.WrongAudience ? "another-client" : ClientId,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    private IResult EndSession(HttpRequest request)
    {
        EndSessionRequests.Enqueue(request.Query);
        var back = request.Query["post_logout_redirect_uri"].ToString();
        return string.IsNullOrEmpty(back)
            ? Results.Text("Signed out at the provider.")
            : Results.Redirect(QueryHelpers.AddQueryString(back, "state", request.Query["state"].ToString()));
    }

    public enum Forgery
    {
        None,
        WrongSignature,
        WrongAudience,
    }

    public sealed record TokenRequest(string GrantType, string CodeVerifier, bool VerifierMatched, bool ClientAuthenticated);

    private sealed record IssuedCode(string CodeChallenge, string RedirectUri, string Nonce, Dictionary<string, object> Claims, Forgery Forgery);
}
