using System.Net;
using System.Text.Json;
using OtpNet;

namespace MfaMonolith.Tests.Support;

/// <summary>What a user can see of their own state through GraphQL: the way tests check that nothing changed.</summary>
public static class BrowserSessionQueries
{
    /// <summary>The user's active tokens as (id, description), oldest first.</summary>
    public static async Task<IReadOnlyList<(string Id, string Description)>> MyTokensAsync(this BrowserSession session)
    {
        var response = await session.GraphQLAsync("{ myTokens { id description } }");
        response.ShouldHaveNoErrors();
        return [.. response.GetProperty("data").GetProperty("myTokens").EnumerateArray()
            .Select(t => (t.GetProperty("id").GetString()!, t.GetProperty("description").GetString()!))];
    }

    /// <summary>The id of the user's unfinished enrolment, or null when there is none.</summary>
    public static async Task<string?> PendingEnrollmentIdAsync(this BrowserSession session)
    {
        var response = await session.GraphQLAsync("{ myPendingEnrollment { tokenId } }");
        response.ShouldHaveNoErrors();
        var pending = response.GetProperty("data").GetProperty("myPendingEnrollment");
        return pending.ValueKind == JsonValueKind.Null ? null : pending.GetProperty("tokenId").GetString();
    }

    /// <summary>Starts an enrolment through GraphQL; returns its id and secret without confirming it.</summary>
    public static async Task<(string TokenId, byte[] Secret)> BeginEnrollmentAsync(this BrowserSession session, string description = "Phone")
    {
        var response = await session.GraphQLAsync("mutation($d:String!){ beginTokenEnrollment(description:$d){ tokenId secret } }", new { d = description });
        response.ShouldHaveNoErrors();
        var enrollment = response.GetProperty("data").GetProperty("beginTokenEnrollment");
        return (enrollment.GetProperty("tokenId").GetString()!, Base32Encoding.ToBytes(enrollment.GetProperty("secret").GetString()!));
    }

    /// <summary>
    /// Signs in a user who has an active token: password, then a code from <paramref name="secret"/> typed on the
    /// second-factor page. The clock moves on one step first, so the code is not a replay of one used before.
    /// </summary>
    public static async Task<BrowserSession> SignInWithCodeAsync(MfaAppFactory app, byte[] secret, string user = "alice")
    {
        var session = new BrowserSession(app);
        var password = await session.PostFormAsync("/signin", "/signin", new() { ["username"] = user, ["password"] = user + "-demo-password" });
        password.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        password.Headers.Location!.OriginalString.ShouldStartWith("/signin/second-factor");

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = await session.PostFormAsync("/signin/second-factor", "/signin/second-factor", new() { ["code"] = session.CodeNow(secret) });
        code.StatusCode.ShouldBe(HttpStatusCode.SeeOther, await code.Content.ReadAsStringAsync());
        return session;
    }
}
