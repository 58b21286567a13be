using System.Security.Claims;
using System.Text.Encodings.Web;
using MfaMonolith.Host.Persistence;
using MfaMonolith.SharedKernel.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Host.ApiClients;

/// <summary><c>Authorization: Bearer &lt;api key&gt;</c>: a configured client or an admin-created, unrevoked one.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ConfiguredApiClients configured, HostDbContext db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 512)
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'.");

        var hash = ApiKeys.Sha256Hex(header["Bearer ".Length..].Trim());
        var client = configured.Clients.FirstOrDefault(c => ApiKeys.HashesEqual(c.KeySha256, hash))
            ?? await db.ApiClients.AsNoTracking().FirstOrDefaultAsync(c => c.KeySha256 == hash && c.RevokedAt == null, Context.RequestAborted);
        if (client is null)
            return AuthenticateResult.Fail("The API key is not valid, or it was revoked.");

        var claims = new List<Claim> { new(UserClaims.ApiClient, client.Name), new(ClaimTypes.Name, "client:" + client.Name) };
        claims.AddRange(client.ScopeList.Select(scope => new Claim(UserClaims.Scope, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
