using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Modules.Audit;

/// <summary>Every security event lands in the audit log, once, without a code or secret; admins (only) read it.</summary>
public sealed class AuditTrailTests : IDisposable
{
    private const string Query = """
        query($userId:String,$type:AuditEventType,$rp:String,$from:DateTime,$to:DateTime,$first:Int,$after:String){
          auditEvents(userId:$userId, type:$type, relyingParty:$rp, from:$from, to:$to, first:$first, after:$after){
            totalCount pageInfo { hasNextPage endCursor }
            nodes { occurredAt type userId actor relyingParty clientIp method reason detail correlationId }
          }
        }
        """;

    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_whole_journey_and_the_ProxyIdP_calls_are_recorded_in_order_newest_first()
    {
        var typed = new List<string>();
        var secret = await JourneyAsync(typed);
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var page = await AuditAsync(admin, new { userId = "alice", first = 100 });

        var types = page.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("type").GetString()).Reverse().ToList();
        types.ShouldBe([
            "SIGN_IN_FAILED", "SIGN_IN_SUCCEEDED", "ENROLMENT_STARTED", "VERIFICATION_REJECTED", "ENROLMENT_CONFIRMED", "SETTINGS_CHANGED",
            "BACKUP_CODES_GENERATED", "BACKUP_CODES_ACKNOWLEDGED", "VERIFICATION_ACCEPTED", "VERIFICATION_REJECTED", "BACKUP_CODE_SPENT", "VERIFICATION_ACCEPTED",
        ]);
        var nodes = page.GetProperty("nodes").EnumerateArray().ToList();
        var proxyAccepted = nodes.First(n => n.GetProperty("type").GetString() == "VERIFICATION_ACCEPTED" && n.GetProperty("method").GetString() == "TOTP");
        proxyAccepted.GetProperty("actor").GetString().ShouldBe("client:proxyidp-dev");
        proxyAccepted.GetProperty("relyingParty").GetString().ShouldBe("hpc-portal");
        var replay = nodes.First(n => n.GetProperty("type").GetString() == "VERIFICATION_REJECTED" && n.GetProperty("reason").GetString() == "REPLAYED");
        replay.GetProperty("actor").GetString().ShouldBe("client:proxyidp-dev");
        nodes.First(n => n.GetProperty("type").GetString() == "SIGN_IN_SUCCEEDED").GetProperty("actor").GetString().ShouldBe("user:alice");
        nodes.ShouldAllBe(n => n.GetProperty("occurredAt").GetString() != null && n.GetProperty("correlationId").GetString() != null);
        nodes.ShouldContain(n => n.GetProperty("clientIp").ValueKind == JsonValueKind.String || n.GetProperty("clientIp").ValueKind == JsonValueKind.Null);
        page.GetProperty("totalCount").GetInt32().ShouldBe(12);
        _ = secret;
    }

    [Fact]
    public async Task No_record_holds_a_code_or_a_secret()
    {
        var typed = new List<string>();
        var secret = await JourneyAsync(typed);
        typed.Add(OtpNet.Base32Encoding.ToString(secret).TrimEnd('='));

        await using var scope = app.Services.CreateAsyncScope();
        var records = await scope.ServiceProvider.GetRequiredService<AuditDbContext>().Records.AsNoTracking().ToListAsync();
        records.Count.ShouldBeGreaterThan(10);
        var everything = JsonSerializer.Serialize(records);
        foreach (var value in typed.Where(v => v.Length >= 6))
            everything.ShouldNotContain(value.Replace("-", ""), customMessage: "a code or secret reached the audit log");
    }

    [Fact]
    public async Task Filters_and_cursor_paging_work_and_total_counts_all_matches()
    {
        await JourneyAsync([]);
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var accepted = await AuditAsync(admin, new { type = "VERIFICATION_ACCEPTED" });
        accepted.GetProperty("totalCount").GetInt32().ShouldBe(2);
        var byService = await AuditAsync(admin, new { rp = "hpc-portal" });
        byService.GetProperty("nodes").EnumerateArray().ShouldAllBe(n => n.GetProperty("relyingParty").GetString() == "hpc-portal");
        byService.GetProperty("totalCount").GetInt32().ShouldBeGreaterThanOrEqualTo(3);
        (await AuditAsync(admin, new { userId = "alice", from = app.Clock.GetUtcNow().AddMinutes(10).UtcDateTime })).GetProperty("totalCount").GetInt32().ShouldBe(0);

        var first = await AuditAsync(admin, new { userId = "alice", first = 5 });
        first.GetProperty("nodes").GetArrayLength().ShouldBe(5);
        first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean().ShouldBeTrue();
        var second = await AuditAsync(admin, new { userId = "alice", first = 5, after = first.GetProperty("pageInfo").GetProperty("endCursor").GetString() });
        var third = await AuditAsync(admin, new { userId = "alice", first = 5, after = second.GetProperty("pageInfo").GetProperty("endCursor").GetString() });
        third.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean().ShouldBeFalse();
        var all = new[] { first, second, third }.SelectMany(p => p.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("occurredAt").GetString() + n.GetProperty("type").GetString())).ToList();
        all.Count.ShouldBe(12);
    }

    [Fact]
    public async Task Events_are_listed_newest_first_by_when_they_occurred_whatever_order_they_were_recorded_in()
    {
        // Recorded out of order, as outboxes deliver them: a spend recorded after a verification that occurred later,
        // and two events of the same instant.
        var t = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        await RecordAsync((SecurityEventType.VerificationAccepted, t.AddMilliseconds(547)), (SecurityEventType.BackupCodeSpent, t.AddMilliseconds(622)),
            (SecurityEventType.SignInSucceeded, t), (SecurityEventType.LockedOut, t.AddMilliseconds(622)), (SecurityEventType.SettingsChanged, t.AddSeconds(-1)));
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var all = await AuditAsync(admin, new { userId = "carol", first = 10 });
        var paged = new List<string?>();
        string? after = null;
        do
        {
            var page = await AuditAsync(admin, new { userId = "carol", first = 2, after });
            paged.AddRange(page.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("type").GetString()));
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        }
        while (after is not null);

        string?[] newestFirst = ["LOCKED_OUT", "BACKUP_CODE_SPENT", "VERIFICATION_ACCEPTED", "SIGN_IN_SUCCEEDED", "SETTINGS_CHANGED"];
        all.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("type").GetString()).ToArray().ShouldBe(newestFirst,
            "by occurredAt; of the same instant, the one recorded later first");
        paged.ToArray().ShouldBe(newestFirst, "paging follows the same order, each event once");
    }

    [Fact]
    public async Task Bad_paging_arguments_are_clear_errors()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        (await admin.GraphQLAsync(Query, new { first = 0 })).FirstErrorCode().ShouldBe("VALIDATION_FAILED");
        (await admin.GraphQLAsync(Query, new { first = 101 })).FirstErrorCode().ShouldBe("VALIDATION_FAILED");
        (await admin.GraphQLAsync(Query, new { after = "not-a-cursor" })).FirstErrorCode().ShouldBe("VALIDATION_FAILED");
    }

    [Fact]
    public async Task A_user_or_an_API_client_asking_for_the_audit_log_gets_an_authorization_error()
    {
        var alice = await BrowserSession.SignInAsync(app);
        (await alice.GraphQLAsync(Query, new { })).FirstErrorCode().ShouldBe("FORBIDDEN");

        var proxy = app.CreateClient();
        proxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dev-proxyidp-key-change-me");
        var response = await proxy.PostAsJsonAsync("/graphql", new { query = Query });
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.FirstErrorCode().ShouldBe("FORBIDDEN");
    }

    /// <summary>Sign-in failure and success, an enrolment with a wrong code first, backup codes, then the ProxyIdP's calls.</summary>
    private async Task<byte[]> JourneyAsync(List<string> typed)
    {
        var failed = new BrowserSession(app);
        await failed.PostFormAsync("/signin", "/signin", new() { ["username"] = "alice", ["password"] = "not-her-password" });
        var alice = await BrowserSession.SignInAsync(app);
        var begun = (await alice.GraphQLAsync("mutation { beginTokenEnrollment(description: \"Phone\") { tokenId secret } }"))
            .GetProperty("data").GetProperty("beginTokenEnrollment");
        var secret = OtpNet.Base32Encoding.ToBytes(begun.GetProperty("secret").GetString()!);
        var wrong = alice.CodeNow(secret, 5);
        var right = alice.CodeNow(secret);
        typed.AddRange([wrong, right]);
        await alice.GraphQLAsync("mutation($t:ID!,$c:String!){ confirmTokenEnrollment(tokenId:$t, code:$c){ tokenId } }", new { t = begun.GetProperty("tokenId").GetString(), c = wrong });
        (await alice.GraphQLAsync("mutation($t:ID!,$c:String!){ confirmTokenEnrollment(tokenId:$t, code:$c){ tokenId } }", new { t = begun.GetProperty("tokenId").GetString(), c = right }))
            .ShouldHaveNoErrors();
        var (setId, codes) = await alice.NewSetAsync();
        typed.AddRange(codes);
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();

        var proxy = app.CreateClient();
        proxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dev-proxyidp-key-change-me");
        const string Verify = "mutation($i:VerifySecondFactorInput!){ verifySecondFactor(input:$i){ accepted failureReason } }";
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var next = alice.CodeNow(secret);
        typed.Add(next);
        foreach (var code in new[] { next, next, codes[0] })
            await proxy.PostAsJsonAsync("/graphql", new { query = Verify, variables = new { i = new { userId = "alice", code, relyingParty = "hpc-portal" } } });
        return secret;
    }

    private async Task RecordAsync(params (SecurityEventType Type, DateTimeOffset OccurredAt)[] events)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        foreach (var (type, occurredAt) in events)
        {
            db.Records.Add(new MfaMonolith.Modules.Audit.Domain.AuditRecord { Type = type.ToString(), OccurredAt = occurredAt, UserId = "carol", Actor = "user:carol" });
            await db.SaveChangesAsync(); // one at a time, so the ids follow this order
        }
    }

    private static async Task<JsonElement> AuditAsync(BrowserSession admin, object variables)
    {
        var response = await admin.GraphQLAsync(Query, variables);
        response.ShouldHaveNoErrors();
        return response.GetProperty("data").GetProperty("auditEvents");
    }
}
