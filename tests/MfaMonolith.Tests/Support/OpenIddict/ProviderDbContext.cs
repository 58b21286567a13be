using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Tests.Support.OpenIddict;

/// <summary>
/// OpenIddict's own stores (applications, authorizations, tokens) for the test provider: with them the server checks
/// the client, its secret and redirect URIs and spends each authorization code once, as a production server does.
/// </summary>
internal sealed class ProviderDbContext(DbContextOptions<ProviderDbContext> options) : DbContext(options);
