using MfaMonolith.Host.Administration;
using MfaMonolith.Host.Administration.Import;
using MfaMonolith.Host.GraphQL;
using MfaMonolith.Host.Identity;
using MfaMonolith.Host.Identity.EmbeddedSignIn;
using MfaMonolith.Host.Identity.Oidc;
using MfaMonolith.Host.Pages;
using MfaMonolith.Host.Persistence;
using MfaMonolith.Host.Platform;
using MfaMonolith.Host.Platform.Telemetry;
using MfaMonolith.Host.Security;
using MfaMonolith.Modules.Audit;
using MfaMonolith.Modules.BackupCodes;
using MfaMonolith.Modules.ServicePolicies;
using MfaMonolith.Modules.Tokens;
using MfaMonolith.SharedKernel;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;
using MfaMonolith.SharedKernel.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using MfaMonolith.SharedKernel.Validation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

// `import …` and `export …` are admin commands (ADR 0016): the host is built as always, then runs the command instead of serving.
var builder = WebApplication.CreateBuilder(AdminCommandLine.ConfigurationArguments(args));
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
var configuration = builder.Configuration;

var dataDirectory = MfaConfiguration.DataDirectory(configuration, builder.Environment);
Directory.CreateDirectory(dataDirectory);
var database = MfaConfiguration.Database(configuration, dataDirectory);

// The embedded sign-in is for evaluation and development; a production deployment signs users in at the federation
// (OpenID Connect, ADR 0012) as soon as Mfa:Oidc:Authority is set.
var oidc = OidcSignInOptions.FromConfiguration(configuration);
var embeddedSignIn = oidc is null;
if (embeddedSignIn && builder.Environment.IsProduction() && !configuration.GetValue("Mfa:EmbeddedSignIn:AllowInProduction", false))
{
    throw new InvalidOperationException(
        "The embedded sign-in refuses to run in the Production environment. Configure the federation's OpenID Connect (Mfa:Oidc:Authority) " +
        "sign-in, or set Mfa:EmbeddedSignIn:AllowInProduction=true if you really mean it.");
}

using var startupLoggerFactory = LoggerFactory.Create(logging => logging.AddConsole());
var keyEncryptionCertificate = KeyEncryptionCertificate.LoadOrCreate(configuration, dataDirectory, startupLoggerFactory.CreateLogger("MfaMonolith.Startup"));

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpContextAccessor();
builder.Services.AddModuleDbContext<HostDbContext, PostgreSqlHostDbContext>(database, HostDbContext.Module);
// The key-ring check is the Host database's seed: after its migrations, under the migration lock, before anything
// can create a key (ADR 0005).
builder.Services.AddSingleton<IModuleMigrator>(services =>
    new ModuleMigrator<HostDbContext>(HostDbContext.Module, (_, _) => KeyRingCheck.EnsureReadableAsync(services, keyEncryptionCertificate)));
builder.Services.AddSecurityEventOutbox<HostDbContext>();
builder.Services.AddDataProtection()
    .SetApplicationName("MfaMonolith")
    .PersistKeysToDbContext<HostDbContext>()
    .ProtectKeysWithCertificate(keyEncryptionCertificate)
    .UnprotectKeysWithAnyCertificate(keyEncryptionCertificate);
builder.Services.AddMediator(options =>
{
    options.Namespace = "MfaMonolith.Host.Mediator";
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.GenerateTypesAsInternal = true;
    // Every assembly with messages or handlers, the SharedKernel too: without it the generator skips handlers of
    // SecurityEventOccurred outside the Host (the Audit module's recorder).
    options.Assemblies = [typeof(Program), typeof(TokensModule), typeof(BackupCodesModule), typeof(ServicePoliciesModule), typeof(AuditModule), typeof(MfaMonolith.SharedKernel.SecurityEvents.SecurityEventOccurred)];
    options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
});
builder.Services.AddProductTelemetry(configuration);
builder.Services.AddProductGraphQL();
builder.Services.AddProductAuthentication(configuration, oidc, builder.Environment.IsDevelopment());
builder.Services.AddProductRateLimiting(configuration);
builder.Services.AddReverseProxySupport(configuration);
builder.Services.AddGraphQLCors(configuration);
builder.Services.AddAntiforgery(options =>
{
    options.Cookie.Name = ProductCookies.Name("mfa.antiforgery", builder.Environment.IsDevelopment());
    options.Cookie.SecurePolicy = ProductCookies.SecurePolicy(builder.Environment.IsDevelopment());
});
builder.Services.AddRazorComponents();
builder.Services.AddSingleton<IPageChrome>(new PageChrome(embeddedSignIn));
builder.Services.AddSingleton<ISchemaContributor, AdministrationSchemaContributor>();
builder.Services.AddHealthChecks().AddCheck<DatabaseReadinessCheck>("databases", tags: ["ready"]);
builder.Services.AddGracefulShutdown(configuration);

// The modules.
builder.Services.AddTokensModule(configuration, database);
builder.Services.AddBackupCodesModule(configuration, database);
builder.Services.AddServicePoliciesModule(configuration, database);
builder.Services.AddAuditModule(database);

var app = builder.Build();
await app.MigrateDatabasesAsync();
if (AdminCommandLine.IsCommand(args))
    return await AdminCommandLine.RunAsync(app.Services, args, Console.Out, Console.Error, CancellationToken.None);
if (embeddedSignIn && app.Services.GetRequiredService<EmbeddedAccounts>().Count == 0)
    app.Logger.LogWarning("The embedded sign-in has no accounts: nobody can sign in. Declare them under Mfa:EmbeddedSignIn:Accounts.");
app.Services.InitializeSchema();

app.UseReverseProxySupport();
app.UseSecurityHeaders(oidc?.Authority);
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error");
    // Browsers that reached the product over HTTPS keep using HTTPS (sent only on HTTPS responses).
    app.UseHsts();
}
// Inside the exception handlers, so that a client's early end of its request never reaches them as an error.
app.UseClientAbortLogging();
app.UseHttpsOnlyOutsideDevelopment(app.Environment);
app.UseStaticFiles();
app.UseGraphQLCors();
app.UseRouting();
app.UseProductRateLimiting();
app.UseAuthentication();
app.UseSecondFactorGate();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapGraphQLEndpoint();
app.MapGraphQLIde();
app.Map("/error", () => PageResults.Page<ErrorPage>(statusCode: StatusCodes.Status500InternalServerError)).AllowAnonymous();
app.MapHelpPage();
app.MapSecondFactorPrompt();
app.MapSecurityKeyChallenges();
if (embeddedSignIn)
    app.MapEmbeddedSignIn();
else
    app.MapOidcSignIn();

var pages = app.MapGroup("").RequireAuthorization().RequireRateLimiting(RateLimiting.PagesPolicy);
pages.MapStartPage();
pages.MapTokensModule();
pages.MapBackupCodesModule();
pages.MapServicePoliciesModule();
pages.MapAuditModule();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
