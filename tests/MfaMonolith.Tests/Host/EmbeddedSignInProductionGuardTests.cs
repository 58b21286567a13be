using System.Net;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host;

/// <summary>The embedded sign-in is for evaluation: in Production it runs only when an operator says so explicitly.</summary>
public sealed class EmbeddedSignInProductionGuardTests
{
    [Fact]
    public void In_Production_without_AllowInProduction_the_host_refuses_to_start_with_a_clear_message()
    {
        using var app = new MfaAppFactory { EnvironmentName = "Production" };

        var failure = Should.Throw<Exception>(() => app.CreateClient());

        Messages(failure).ShouldContain(m => m.Contains("embedded sign-in refuses to run in the Production environment", StringComparison.Ordinal)
            && m.Contains("Mfa:EmbeddedSignIn:AllowInProduction=true", StringComparison.Ordinal));
    }

    [Fact]
    public void In_Production_AllowInProduction_false_still_refuses()
    {
        using var app = new MfaAppFactory { EnvironmentName = "Production" };
        app.Settings["Mfa:EmbeddedSignIn:AllowInProduction"] = "false";

        Should.Throw<Exception>(() => app.CreateClient());
    }

    [Fact]
    public async Task In_Production_with_AllowInProduction_true_the_host_starts_and_serves()
    {
        using var app = new MfaAppFactory { EnvironmentName = "Production" };
        app.Settings["Mfa:EmbeddedSignIn:AllowInProduction"] = "true";
        // Outside Development the antiforgery cookie is Secure: the sign-in form is served over HTTPS only.
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });

        var response = await client.GetAsync("/signin");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Embedded sign-in");
    }

    private static IEnumerable<string> Messages(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
            yield return error.Message;
    }
}
