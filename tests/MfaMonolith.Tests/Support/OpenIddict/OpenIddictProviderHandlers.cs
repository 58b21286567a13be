using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace MfaMonolith.Tests.Support.OpenIddict;

/// <summary>
/// What the tests add to the real server, as OpenIddict event handlers: they record what the product sent and, when a
/// test asks, spoil one thing about the id_token. Everything else (validation, PKCE, codes, signing) is OpenIddict's.
/// </summary>
public sealed partial class OpenIddictProvider
{
    /// <summary>Before any validation runs, so that refused requests are recorded too.</summary>
    private const int FirstOfAll = int.MinValue + 100_000;

    private void AddTestHandlers(OpenIddictServerBuilder server)
    {
        server.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.SetOrder(FirstOfAll).UseInlineHandler(context =>
        {
            AuthorizeRequests.Enqueue(context.Request);
            return default;
        }));
        server.AddEventHandler<ValidateEndSessionRequestContext>(handler => handler.SetOrder(FirstOfAll).UseInlineHandler(context =>
        {
            EndSessionRequests.Enqueue(context.Request);
            return default;
        }));
        // The identity token principal is ready (audience, nonce, at_hash) and not yet signed: a real token for a wrong claim.
        server.AddEventHandler<ProcessSignInContext>(handler => handler
            .SetOrder(OpenIddictServerHandlers.GenerateIdentityToken.Descriptor.Order - 1)
            .UseInlineHandler(context =>
            {
                if (context.EndpointType == OpenIddictServerEndpointType.Token && context.IdentityTokenPrincipal is { } principal)
                    SpoilClaims(principal);
                return default;
            }));
        server.AddEventHandler<ApplyTokenResponseContext>(handler => handler.SetOrder(FirstOfAll).UseInlineHandler(context =>
        {
            if (NextForgery == Forgery.WrongSignature && context.Response.IdToken is { } idToken)
                context.Response.IdToken = SignedByAStranger(idToken);
            if (context.Request is { } request)
                TokenRequests.Enqueue(new TokenExchange(request, context.Response.Error, context.Response.IdToken));
            return default;
        }));
    }

    private void SpoilClaims(System.Security.Claims.ClaimsPrincipal principal)
    {
        switch (NextForgery)
        {
            case Forgery.WrongAudience:
                principal.SetAudiences("another-client");
                break;
            case Forgery.ReplayedNonce:
                var current = principal.GetClaim(OpenIddictConstants.Claims.Nonce);
                var earlier = AuthorizeRequests.Select(r => r.Nonce).First(n => n is not null && n != current);
                principal.SetClaim(OpenIddictConstants.Claims.Nonce, earlier);
                break;
        }
    }

    /// <summary>The same header key id and payload, signed by a key nobody published: only the signature is wrong.</summary>
    private static string SignedByAStranger(string idToken)
    {
        var payload = Base64UrlEncoder.Decode(idToken.Split('.')[1]);
        using var stranger = RSA.Create(2048);
        return new JsonWebTokenHandler().CreateToken(payload,
            new SigningCredentials(new RsaSecurityKey(stranger) { KeyId = SigningKeyId }, SecurityAlgorithms.RsaSha256));
    }
}
