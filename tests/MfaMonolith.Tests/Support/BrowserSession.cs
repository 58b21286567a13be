using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MfaMonolith.Modules.Tokens.Domain;
using OtpNet;

namespace MfaMonolith.Tests.Support;

/// <summary>
/// What a person's browser does, as HTTP: sign in, submit forms with their antiforgery token, call GraphQL. Usually on
/// an in-memory <see cref="MfaAppFactory"/>; on any client and clock otherwise (a Host in a process of its own).
/// </summary>
public sealed partial class BrowserSession(HttpClient client, TimeProvider clock)
{
    public BrowserSession(MfaAppFactory app)
        : this(app.CreateBrowserLikeClient(), app.Clock)
    {
    }

    public HttpClient Client { get; } = client;

    public static async Task<BrowserSession> SignInAsync(MfaAppFactory app, string user = "alice", string? password = null)
    {
        var session = new BrowserSession(app);
        await session.SignInAsAsync(user, password);
        return session;
    }

    /// <summary>
    /// Signs in as the demo administrator with a second factor, as an administrator must act (ADR 0015): the account
    /// enrols a token ("Admin phone") when it has none, which counts as this session's second factor; otherwise it
    /// signs in with a code. The session's step-up is fresh afterwards.
    /// </summary>
    public static async Task<BrowserSession> SignInAsAdminAsync(MfaAppFactory app) => await SignInWithTokenAsync(app, "admin");

    /// <summary>Signs <paramref name="user"/> in with a second factor, enrolling their first token if they have none.</summary>
    public static async Task<BrowserSession> SignInWithTokenAsync(MfaAppFactory app, string user, string? password = null)
    {
        var session = new BrowserSession(app);
        var response = await session.PostFormAsync("/signin", "/signin", new() { ["username"] = user, ["password"] = password ?? user + "-demo-password" });
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await response.Content.ReadAsStringAsync());
        if (response.Headers.Location?.OriginalString.StartsWith("/signin/second-factor", StringComparison.Ordinal) == true)
        {
            var secret = app.Secrets.GetValueOrDefault(user) ?? throw new InvalidOperationException($"{user} has a token this test did not enrol.");
            // One step ahead: the step the enrolment (or an earlier sign-in) used is never accepted again.
            var verified = await session.PostFormAsync("/signin/second-factor", "/signin/second-factor", new() { ["code"] = session.CodeNow(secret, app.NextStepOffset(user)) });
            verified.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await verified.Content.ReadAsStringAsync());
            return session;
        }

        var (_, enrolled) = await session.EnrolTokenAsync(user == "admin" ? "Admin phone" : "Phone");
        app.Secrets[user] = enrolled;
        return session;
    }

    /// <summary>Signs in through the embedded sign-in as a user with no token yet (no second factor asked).</summary>
    public async Task SignInAsAsync(string user, string? password = null)
    {
        var response = await PostFormAsync("/signin", "/signin", new() { ["username"] = user, ["password"] = password ?? user + "-demo-password" });
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> GetPageAsync(string path)
    {
        var response = await Client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {path}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Loads <paramref name="formPage"/> for its antiforgery token, then posts the form to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var html = await GetPageAsync(formPage);
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(html).Groups[1].Value;
        return await Client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public async Task<JsonElement> GraphQLAsync(string query, object? variables = null)
    {
        var response = await Client.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// Verifies <paramref name="code"/> for this session (the step-up, mutation verifyStepUp) and, once it is accepted,
    /// runs the operation — as the pages do. A refused code answers with verifyStepUp's errors and runs nothing.
    /// Without a code the operation runs on the session's step-up as it stands.
    /// </summary>
    public async Task<JsonElement> GraphQLWithStepUpAsync(string? code, string query, object? variables = null)
    {
        if (!string.IsNullOrEmpty(code) && await StepUpAsync(code) is { } refused && refused.TryGetProperty("errors", out _))
            return refused;
        return await GraphQLAsync(query, variables);
    }

    public async Task<JsonElement> StepUpAsync(string code) =>
        await GraphQLAsync("mutation($c:String!){ verifyStepUp(code:$c){ verifiedAt validUntil method remainingBackupCodes } }", new { c = code });

    /// <summary>Enrols a token through GraphQL and returns its secret, as an authenticator app would hold it.</summary>
    public async Task<(string TokenId, byte[] Secret)> EnrolTokenAsync(string description = "Phone")
    {
        var begun = await GraphQLAsync("mutation($d:String!){ beginTokenEnrollment(description:$d){ tokenId secret } }", new { d = description });
        var enrollment = begun.GetProperty("data").GetProperty("beginTokenEnrollment");
        var tokenId = enrollment.GetProperty("tokenId").GetString()!;
        var secret = Base32Encoding.ToBytes(enrollment.GetProperty("secret").GetString()!);
        var confirmed = await GraphQLAsync("mutation($t:ID!,$c:String!){ confirmTokenEnrollment(tokenId:$t, code:$c){ tokenId } }",
            new { t = tokenId, c = CodeNow(secret) });
        confirmed.TryGetProperty("errors", out _).ShouldBeFalse(confirmed.ToString());
        return (tokenId, secret);
    }

    public string CodeNow(byte[] secret, int stepOffset = 0) =>
        TotpAlgorithm.Code(secret, TotpAlgorithm.TimeStep(clock.GetUtcNow(), 30) + stepOffset);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
