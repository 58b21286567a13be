using System.Text.Json;

namespace MfaMonolith.Benchmarks.Load;

/// <summary>The two documents the ProxyIdP sends on every login, with their variables, as JSON request bodies.</summary>
internal static class RequestBodies
{
    public const string RequirementQuery =
        "query Requirement($u:String!,$rp:String!,$acr:[String!]){ mfaRequirement(userId:$u, relyingParty:$rp, requestedAuthnContext:$acr){ required satisfiable reason methods } }";

    public const string VerifyMutation =
        "mutation Verify($input: VerifySecondFactorInput!){ verifySecondFactor(input:$input){ accepted failureReason remainingBackupCodes } }";

    public const string ReferenceQuery = "query($n:String!){ hello(name:$n) }";

    public static object Requirement(string user, string relyingParty, string[] requestedAuthnContext) =>
        new { query = RequirementQuery, variables = new { u = user, rp = relyingParty, acr = requestedAuthnContext } };

    public static object Verify(string user, string code) =>
        new { query = VerifyMutation, variables = new { input = new { userId = user, code } } };

    public static object Reference(string name) => new { query = ReferenceQuery, variables = new { n = name } };

    /// <summary>One body per line, as the wrk scripts read them.</summary>
    public static string Line(object body) => JsonSerializer.Serialize(body);
}
