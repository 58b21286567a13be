using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.Platform;

/// <summary>A wrong database setting stops the start with a message naming the key, and never echoes a password.</summary>
public sealed class DatabaseConfigurationTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public void PostgreSql_without_a_connection_string_stops_the_start()
    {
        app.Settings["Mfa:Database:Provider"] = "PostgreSql";

        var failure = Should.Throw<InvalidOperationException>(() => app.CreateClient());

        failure.Message.ShouldContain("Mfa:Database:Provider is 'PostgreSql' but Mfa:Database:ConnectionString is empty");
    }

    [Fact]
    public void A_malformed_connection_string_stops_the_start_without_echoing_the_password()
    {
        app.Settings["Mfa:Database:Provider"] = "PostgreSql";
        app.Settings["Mfa:Database:ConnectionString"] = "Host=db.example.org;Password=s3cret-pass;Not A Keyword=1";

        var failure = Should.Throw<InvalidOperationException>(() => app.CreateClient());

        failure.Message.ShouldContain("Mfa:Database:ConnectionString is not a valid PostgreSQL connection string");
        failure.ToString().ShouldNotContain("s3cret-pass");
    }

    [Fact]
    public void An_unknown_provider_stops_the_start()
    {
        app.Settings["Mfa:Database:Provider"] = "Oracle";

        var failure = Should.Throw<InvalidOperationException>(() => app.CreateClient());

        failure.Message.ShouldContain("Mfa:Database:Provider 'Oracle' is not known; use 'Sqlite' or 'PostgreSql'.");
    }
}
