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
}
