using System.Diagnostics;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.GraphQL;

/// <summary>
/// PRODUCT.md: /graphql passes every MUST audit of the GraphQL-over-HTTP audit suite (npm graphql-http's
/// auditServer) when called with an API key. The suite runs in Node against the real Host on a real port. Some audits
/// ask for <c>__type</c>, and only admins and API clients with the <c>schema:read</c> scope may introspect (ADR 0010):
/// the audit runs as such a client.
/// </summary>
public sealed class GraphQLHttpAuditTests : IDisposable
{
    private const string AuditKey = "graphql-audit-key-for-tests-only";

    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_endpoint_passes_every_MUST_audit_of_graphql_http()
    {
        app.Settings["Mfa:ApiClients:1:Name"] = "graphql-audit";
        app.Settings["Mfa:ApiClients:1:Key"] = AuditKey;
        app.Settings["Mfa:ApiClients:1:Scopes:0"] = "schema:read";
        var address = app.StartOnRealPort();
        var auditFolder = Repository.PathOf("tests", "GraphQLHttpAudit");
        File.Exists(Path.Combine(auditFolder, "node_modules", "graphql-http", "package.json"))
            .ShouldBeTrue("the audit's npm packages are installed by the test project's build (npm ci in tests/GraphQLHttpAudit)");

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = auditFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "audit.mjs", new Uri(address, "/graphql").ToString(), AuditKey },
        };
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();

        output.ShouldNotContain("ERROR MUST", customMessage: output);
        node.ExitCode.ShouldBe(0, output + errors);
        output.ShouldContain(" 0 MUST failed");
    }
}
