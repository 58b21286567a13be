using FluentValidation;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Features.BeginEnrollment;
using MfaMonolith.Modules.Tokens.Features.ExpirePendingEnrollments;
using MfaMonolith.Modules.Tokens.Features.GetPendingEnrollment;
using MfaMonolith.Modules.Tokens.Features.ListMyTokens;
using MfaMonolith.Modules.Tokens.Features.RemoveToken;
using MfaMonolith.Modules.Tokens.Features.RenameToken;
using MfaMonolith.Modules.Tokens.Features.SecurityKeys;
using MfaMonolith.Modules.Tokens.Features.VerifyTotpCode;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Modules.Tokens;

/// <summary>The Tokens module's one entry: TOTP tokens and security keys, their enrolment, management and verification.</summary>
public static class TokensModule
{
    public static IServiceCollection AddTokensModule(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        services.AddModuleBasics<TokensDbContext, PostgreSqlTokensDbContext, TokensSchemaContributor>(database, TokensDbContext.Module);
        services.AddSecurityEventOutbox<TokensDbContext>();
        // What a token's change means for the other modules, carried by the outbox (ADR 0013).
        services.AddConsequence<FirstTokenActivated>("tokens.first-token-activated");
        services.AddConsequence<TokenRemoved>("tokens.token-removed");

        services.AddOptions<TotpOptions>()
            .Configure(options =>
            {
                options.Issuer = configuration["Mfa:Issuer"] ?? options.Issuer;
                options.WindowSteps = configuration.GetValue("Mfa:Totp:WindowSteps", options.WindowSteps);
            })
            .Validate(o => o.WindowSteps is >= 0 and <= 10, "Mfa:Totp:WindowSteps must be between 0 and 10.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Issuer) && !o.Issuer.Contains(':', StringComparison.Ordinal), "Mfa:Issuer must be set and must not contain ':'.")
            .ValidateOnStart();

        services.AddOptions<WebAuthnOptions>()
            .Configure(options =>
            {
                options.RelyingPartyId = configuration["Mfa:WebAuthn:RelyingPartyId"] ?? options.RelyingPartyId;
                options.RelyingPartyName = configuration["Mfa:WebAuthn:RelyingPartyName"];
                options.Origins = [.. configuration.GetSection("Mfa:WebAuthn:Origins").GetChildren().Select(c => c.Value).OfType<string>()];
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebAuthnOptions>, WebAuthnOptionsProblem>();
        services.AddSingleton<WebAuthnRelyingParty>();
        services.AddScoped<ISecurityKeyAvailability, SecurityKeyAvailability>();

        services.AddSingleton<TotpSecretProtector>();
        services.AddSingleton<PendingEnrollmentViewFactory>();
        services.AddScoped<TotpVerifier>();
        services.AddHostedService<PendingEnrollmentExpiryService>();
        return services;
    }

    /// <summary>Maps the module's pages onto a group that already requires a signed-in user.</summary>
    public static IEndpointRouteBuilder MapTokensModule(this IEndpointRouteBuilder pages)
    {
        MyTokensPages.Map(pages);
        BeginEnrollmentPages.Map(pages);
        ScanCodePages.Map(pages);
        RenameTokenPages.Map(pages);
        RemoveTokenPages.Map(pages);
        SecurityKeyPages.Map(pages);
        return pages;
    }
}
