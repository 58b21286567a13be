using System.Diagnostics;
using System.Net;
using MfaMonolith.SharedKernel.Persistence;
using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Xunit.Abstractions;
using static MfaMonolith.Tests.Modules.ServicePolicies.Features.ServicePoliciesApi;

namespace MfaMonolith.Tests.PostgreSql;

/// <summary>
/// Two real Host processes, A and B, on one PostgreSQL database: whatever a user or the ProxyIdP does on one instance
/// holds on the other, as it must behind a load balancer.
/// </summary>
public sealed class MultiInstanceTests(TwoInstances instances, ITestOutputHelper output) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task Two_instances_started_together_on_an_empty_database_apply_each_migration_exactly_once()
    {
        foreach (var (schema, migrations) in PostgreSqlMigrationsByModule())
        {
            var applied = await TestPostgreSql.ScalarAsync<string>(instances.ConnectionString,
                $"SELECT string_agg(\"MigrationId\", ',' ORDER BY \"MigrationId\") FROM {schema}.\"{ModuleDatabase.MigrationsHistoryTable}\"");

            applied.ShouldNotBeNull(schema);
            applied.Split(',').ShouldBe(migrations, $"the migrations history of {schema}");
        }

        (await ReadyAsync(instances.A)).ShouldBe(HttpStatusCode.OK);
        (await ReadyAsync(instances.B)).ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("A", "B")]
    [InlineData("B", "A")]
    public async Task A_token_enrolled_on_one_instance_verifies_on_the_other(string enrolOn, string verifyOn)
    {
        var user = await instances.SignInAsNewUserAsync();
        user.Secret = (await (enrolOn == "A" ? user.OnA : user.OnB).EnrolTokenAsync()).Secret;
        var proxyIdp = (verifyOn == "A" ? instances.A : instances.B).ProxyIdp();

        var requirement = await proxyIdp.MfaRequirementAsync(user.Id, HpcPortal);
        var verification = await proxyIdp.VerifyAsync(user.Id, user.Code(+1));

        requirement.GetProperty("satisfiable").GetBoolean().ShouldBeTrue(requirement.ToString());
        requirement.Str("reason").ShouldBe("ENFORCED_ALL");
        verification.GetProperty("accepted").GetBoolean().ShouldBeTrue(verification.ToString());
    }

    [Fact]
    public async Task A_code_accepted_on_A_is_replayed_on_B()
    {
        var user = await instances.NewUserWithTokenAsync();
        var code = user.Code(+1);

        var onA = await instances.A.ProxyIdp().VerifyAsync(user.Id, code);
        var onB = await instances.B.ProxyIdp().VerifyAsync(user.Id, code);

        onA.GetProperty("accepted").GetBoolean().ShouldBeTrue(onA.ToString());
        onB.GetProperty("accepted").GetBoolean().ShouldBeFalse(onB.ToString());
        onB.Str("failureReason").ShouldBe("REPLAYED");
    }

    [Fact]
    public async Task Concurrent_spends_of_one_backup_code_on_A_and_B_succeed_exactly_once()
    {
        var user = await instances.NewUserWithTokenAsync();
        var (_, codes) = await user.OnA.NewSetAsync();
        var onA = instances.A.ProxyIdp();
        var onB = instances.B.ProxyIdp();

        foreach (var code in codes)
        {
            var answers = await Task.WhenAll(onA.VerifyAsync(user.Id, code), onB.VerifyAsync(user.Id, code));

            answers.Count(a => a.GetProperty("accepted").GetBoolean()).ShouldBe(1, $"{code}: {string.Join(" | ", answers)}");
            answers.Single(a => !a.GetProperty("accepted").GetBoolean()).Str("failureReason").ShouldBe("INVALID_CODE");
        }

        (await user.OnB.MineAsync()).GetProperty("remaining").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Lock_out_counts_the_failures_on_both_instances_together()
    {
        var user = await instances.NewUserWithTokenAsync();
        var onA = instances.A.ProxyIdp();
        var onB = instances.B.ProxyIdp();
        var wrong = user.WrongCode();

        for (var i = 0; i < 5; i++)
            (await onA.VerifyAsync(user.Id, wrong)).LockedUntil().ShouldBeNull();
        for (var i = 0; i < 4; i++)
            (await onB.VerifyAsync(user.Id, wrong)).LockedUntil().ShouldBeNull("nine failures, five of them on A, do not lock yet");
        var tenth = await onB.VerifyAsync(user.Id, wrong);
        var rightCodeOnA = await onA.VerifyAsync(user.Id, user.Code(+1));
        var rightCodeOnB = await onB.VerifyAsync(user.Id, user.Code(+1));

        tenth.LockedUntil().ShouldNotBeNull(tenth.ToString());
        foreach (var locked in new[] { rightCodeOnA, rightCodeOnB })
        {
            locked.GetProperty("accepted").GetBoolean().ShouldBeFalse(locked.ToString());
            locked.Str("failureReason").ShouldBe("LOCKED_OUT");
            // The same lock, read back from the database (which keeps microseconds, not ticks).
            locked.LockedUntil()!.Value.ShouldBe(tenth.LockedUntil()!.Value, TimeSpan.FromMilliseconds(1));
        }
    }

    [Fact]
    public async Task A_session_cookie_issued_by_A_is_accepted_by_B()
    {
        var user = await instances.SignInAsNewUserAsync();
        var stranger = instances.B.Browser(new CookieContainer());

        var onB = await user.OnB.GraphQLAsync("{ myServiceSettings { mode } }");
        var withoutCookie = await stranger.GraphQLAsync("{ myServiceSettings { mode } }");

        onB.ShouldHaveNoErrors();
        withoutCookie.FirstErrorCode().ShouldBe("UNAUTHENTICATED");
    }

    [Fact]
    public async Task A_sign_in_form_from_A_posted_to_B_gives_a_session_that_A_accepts()
    {
        var user = instances.NewUser();
        var html = await user.OnA.GetPageAsync("/signin");
        var antiforgery = Html.InputValue(html, "__RequestVerificationToken")!;

        // B checks the antiforgery token and cookie that A issued, and issues the session cookie.
        var signIn = await user.OnB.Client.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["username"] = user.Id,
            ["password"] = TwoInstances.Password,
        }));
        var onA = await user.OnA.GraphQLAsync("{ myServiceSettings { mode } }");

        signIn.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await signIn.Content.ReadAsStringAsync());
        onA.ShouldHaveNoErrors();
        output.WriteLine($"Data Protection keys in the shared key ring: {await TestPostgreSql.ScalarAsync<long>(instances.ConnectionString, "SELECT count(*) FROM host.data_protection_keys")}");
    }

    [Fact]
    public async Task Log_out_on_A_ends_the_session_on_B()
    {
        var user = await instances.SignInAsNewUserAsync();
        var copied = new CookieContainer();
        copied.Add(user.Cookies.GetCookies(instances.A.Address));
        var copyOnB = instances.B.Browser(copied);
        (await copyOnB.GraphQLAsync("{ myServiceSettings { mode } }")).ShouldHaveNoErrors();

        var loggedOut = await user.OnA.PostFormAsync("/tokens", "/signout", []);
        var afterwards = await copyOnB.GraphQLAsync("{ myServiceSettings { mode } }");

        loggedOut.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        afterwards.FirstErrorCode().ShouldBe("UNAUTHENTICATED");
    }

    [Fact]
    public async Task Settings_saved_on_A_are_the_policy_on_B_at_once()
    {
        var user = await instances.NewUserWithTokenAsync();
        var proxyIdpOnB = instances.B.ProxyIdp();
        (await proxyIdpOnB.MfaRequirementAsync(user.Id, Moodle)).Str("reason").ShouldBe("ENFORCED_ALL");

        var saved = await user.OnA.SaveServiceSettingsAsync(all: false, include: ["research"], exclude: null, code: user.Code(+1));
        var research = await proxyIdpOnB.MfaRequirementAsync(user.Id, HpcPortal);
        var teaching = await proxyIdpOnB.MfaRequirementAsync(user.Id, Moodle);

        saved.ShouldHaveNoErrors();
        research.Str("reason").ShouldBe("ENFORCED_CATEGORY");
        research.GetProperty("required").GetBoolean().ShouldBeTrue();
        teaching.Str("reason").ShouldBe("NOT_ENFORCED");
        teaching.GetProperty("required").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_catalogue_change_on_A_is_the_policy_on_B_within_five_seconds()
    {
        var user = await instances.NewUserWithTokenAsync();
        (await user.OnA.SaveServiceSettingsAsync(all: false, include: ["research"], exclude: null, code: user.Code(+1))).ShouldHaveNoErrors();
        var newService = "https://new-service.example.org/" + user.Id;
        var proxyIdpOnB = instances.B.ProxyIdp();
        // B has the catalogue cached now, without the new service.
        (await proxyIdpOnB.MfaRequirementAsync(user.Id, newService)).Str("reason").ShouldBe("NOT_ENFORCED");
        var admin = instances.A.Browser(new CookieContainer());
        await admin.SignInAsAsync("admin");
        // Administrators act only with a second factor: the first token's enrolment counts for the session (ADR 0015).
        await admin.EnrolTokenAsync("Admin phone");

        var changed = await admin.GraphQLAsync("mutation($id:String!){ saveRelyingParty(id:$id, label:\"New service\", categoryId:\"research\"){ id } }", new { id = newService });
        // Polls B until it applies the change; the bound is about questions asked 5 s or more after the change.
        var sinceChange = Stopwatch.StartNew();
        var lastStaleQuestion = TimeSpan.Zero;
        var reason = "";
        while (sinceChange.Elapsed < TimeSpan.FromSeconds(15))
        {
            var asked = sinceChange.Elapsed;
            reason = (await proxyIdpOnB.MfaRequirementAsync(user.Id, newService)).Str("reason")!;
            if (reason == "ENFORCED_CATEGORY")
                break;
            lastStaleQuestion = asked;
            await Task.Delay(100);
        }

        changed.ShouldHaveNoErrors();
        reason.ShouldBe("ENFORCED_CATEGORY");
        lastStaleQuestion.ShouldBeLessThan(TimeSpan.FromSeconds(5),
            "PRODUCT.md: a catalogue change decides the answers within 5 seconds on every other instance");
    }

    [Fact]
    public async Task A_third_instance_with_another_key_encryption_certificate_refuses_to_start_and_the_two_keep_working()
    {
        var keysBefore = await DataProtectionKeysAsync();
        var otherCertificate = Path.Combine(Path.GetTempPath(), "mfa-tests", "kek-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string>(instances.Settings)
        {
            ["Mfa:KeyEncryption:CertificatePath"] = TwoInstances.CreateKeyEncryptionCertificate(otherCertificate),
        };

        try
        {
            await using var c = HostProcess.Start("C", settings);
            var refusal = await Should.ThrowAsync<InvalidOperationException>(c.WaitUntilReadyAsync());
            using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
                await c.WaitForExitAsync(exit.Token);
            output.WriteLine(c.Output);

            refusal.Message.ShouldContain("exited");
            c.ExitCode.ShouldNotBe(0);
            c.Output.ShouldContain("Mfa:KeyEncryption:CertificatePath");
        }
        finally
        {
            try { Directory.Delete(otherCertificate, recursive: true); } catch (IOException) { }
        }

        // C added no key the others cannot read: A and B still verify codes and read each other's cookies.
        (await DataProtectionKeysAsync()).ShouldBe(keysBefore);
        var user = await instances.NewUserWithTokenAsync();
        var onB = await instances.B.ProxyIdp().VerifyAsync(user.Id, user.Code(+1));
        var cookieFromAOnB = await user.OnB.GraphQLAsync("{ myServiceSettings { mode } }");
        var other = instances.NewUser();
        await other.OnB.SignInAsAsync(other.Id, TwoInstances.Password);
        var cookieFromBOnA = await other.OnA.GraphQLAsync("{ myServiceSettings { mode } }");

        onB.GetProperty("accepted").GetBoolean().ShouldBeTrue(onB.ToString());
        cookieFromAOnB.ShouldHaveNoErrors();
        cookieFromBOnA.ShouldHaveNoErrors();
    }

    private Task<long> DataProtectionKeysAsync() =>
        TestPostgreSql.ScalarAsync<long>(instances.ConnectionString, "SELECT count(*) FROM host.data_protection_keys");

    /// <summary>Every module's PostgreSQL migrations, from its design-time factory: (schema, migration ids in order).</summary>
    private static IEnumerable<(string Schema, string[] Migrations)> PostgreSqlMigrationsByModule()
    {
        var assemblies = new[] { typeof(Program), typeof(MfaMonolith.Modules.Tokens.TokensModule), typeof(MfaMonolith.Modules.BackupCodes.BackupCodesModule),
            typeof(MfaMonolith.Modules.ServicePolicies.ServicePoliciesModule), typeof(MfaMonolith.Modules.Audit.AuditModule) }.Select(t => t.Assembly);
        var factories = assemblies.SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(DesignTimeModuleDbContextFactory<>)
                && b.GetGenericArguments()[0].Name.StartsWith("PostgreSql", StringComparison.Ordinal))
            .ToList();
        factories.Count.ShouldBe(PostgreSqlApp.Schemas.Length);
        foreach (var factory in factories)
        {
            using var context = ((IDesignTimeDbContextFactory<DbContext>)Activator.CreateInstance(factory)!).CreateDbContext([]);
            yield return (context.Model.GetDefaultSchema()!, [.. context.Database.GetMigrations()]);
        }
    }

    private static async Task<HttpStatusCode> ReadyAsync(HostProcess instance)
    {
        using var client = new HttpClient { BaseAddress = instance.Address };
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return response.StatusCode;
    }
}
