using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.GraphQL;

/// <summary>
/// Issue 5 / ADR 0010: the admin GraphQL IDEs (GraphiQL at /graphql/graphiql, Banana Cake Pop at /graphql/ui/, see
/// <see cref="BananaCakePopIdeTests"/>), reachable by administrators only, and introspection of
/// the schema for administrators only (<c>__typename</c> stays open to everyone).
/// </summary>
public sealed class GraphQLIdeTests : IDisposable
{
    private const string ProxyIdpKey = "dev-proxyidp-key-change-me";

    /// <summary>graphql-js <c>getIntrospectionQuery()</c>, what GraphiQL sends.</summary>
    private const string FullIntrospection = """

            query IntrospectionQuery {
              __schema {

                queryType { name kind }
                mutationType { name kind }
                subscriptionType { name kind }
                types {
                  ...FullType
                }
                directives {
                  name
                  description

                  locations
                  args {
                    ...InputValue
                  }
                }
              }
            }

            fragment FullType on __Type {
              kind
              name
              description


              fields(includeDeprecated: true) {
                name
                description
                args {
                  ...InputValue
                }
                type {
                  ...TypeRef
                }
                isDeprecated
                deprecationReason
              }
              inputFields {
                ...InputValue
              }
              interfaces {
                ...TypeRef
              }
              enumValues(includeDeprecated: true) {
                name
                description
                isDeprecated
                deprecationReason
              }
              possibleTypes {
                ...TypeRef
              }
            }

            fragment InputValue on __InputValue {
              name
              description
              type { ...TypeRef }
              defaultValue


            }

            fragment TypeRef on __Type {
              kind
              name
              ofType {
                kind
                name
                ofType {
                  kind
                  name
                  ofType {
                    kind
                    name
                    ofType {
                      kind
                      name
                      ofType {
                        kind
                        name
                        ofType {
                          kind
                          name
                          ofType {
                            kind
                            name
                            ofType {
                              kind
                              name
                              ofType {
                                kind
                                name
                              }
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }

        """;

    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task An_admin_gets_the_GraphiQL_page_without_inline_script()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var response = await admin.Client.GetAsync("/graphql/graphiql");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("/lib/graphiql/graphiql.min.js");
        html.ShouldContain("/js/graphiql-init.js");
        html.ShouldNotContain("://", customMessage: "everything is served by the product itself, no CDN");
        System.Text.RegularExpressions.Regex.Matches(html, "<script(?![^>]*\\bsrc=)[^>]*>").ShouldBeEmpty("no inline script");
        html.ShouldNotContain(" style=");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        csp.ShouldContain("script-src 'self';");
        csp.ShouldContain("style-src 'self';");
        csp.ShouldContain("frame-ancestors 'none'");
        System.Text.RegularExpressions.Regex.Matches(csp, "unsafe|blob:|\\*").Select(m => m.Value).ShouldBe(["unsafe"], "only <style> elements are relaxed");

        foreach (var asset in new[] { "/lib/graphiql/graphiql.min.js", "/lib/graphiql/graphiql.min.css", "/lib/react/react.production.min.js", "/lib/react-dom/react-dom.production.min.js", "/js/graphiql-init.js" })
            (await admin.Client.GetAsync(asset)).StatusCode.ShouldBe(HttpStatusCode.OK, asset);
    }

    [Fact]
    public async Task Other_pages_keep_the_strict_policy()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var response = await admin.Client.GetAsync("/signin");

        string.Join(";", response.Headers.GetValues("Content-Security-Policy")).ShouldContain("font-src 'self';");
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_is_refused_the_IDEs()
    {
        var alice = await BrowserSession.SignInAsync(app);

        foreach (var path in new[] { "/graphql/graphiql", "/graphql/ui", "/graphql/ui/" })
        {
            var response = await alice.Client.GetAsync(path);

            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("graphiql", Case.Insensitive, path);
        }
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in()
    {
        var anonymous = app.CreateBrowserLikeClient();

        foreach (var path in new[] { "/graphql/graphiql", "/graphql/ui/", "/graphql/ui/bcp-config.json" })
        {
            var response = await anonymous.GetAsync(path);

            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            response.Headers.Location!.ToString().ShouldContain("/signin", Case.Sensitive, path);
        }
    }

    [Fact]
    public async Task A_browser_opening_graphql_is_redirected_to_the_IDE()
    {
        var anonymous = app.CreateBrowserLikeClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");

        var response = await anonymous.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/graphql/ui/");
    }

    [Fact]
    public async Task An_admin_may_run_the_full_introspection_query()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var response = await admin.GraphQLAsync(FullIntrospection);

        response.ShouldHaveNoErrors();
        response.GetProperty("data").GetProperty("__schema").GetProperty("types").GetArrayLength().ShouldBeGreaterThan(10);
        (await admin.GraphQLAsync("{ __type(name: \"Query\") { name } }")).ShouldHaveNoErrors();
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_may_not_introspect_but_may_ask_for_typename()
    {
        var alice = await BrowserSession.SignInAsync(app);

        (await alice.GraphQLAsync(FullIntrospection)).FirstErrorMessage().ShouldContain("Only administrators may introspect");
        var type = await alice.GraphQLAsync("{ __type(name: \"Query\") { name } }");
        type.FirstErrorMessage().ShouldContain("Only administrators may introspect");
        type.TryGetProperty("data", out _).ShouldBeFalse();
        var hidden = await alice.GraphQLAsync("query { ...F } fragment F on Query { renamed: __schema { queryType { name } } }");
        hidden.FirstErrorMessage().ShouldContain("Only administrators may introspect");

        var typename = await alice.GraphQLAsync("{ __typename }");
        typename.ShouldHaveNoErrors();
        typename.GetProperty("data").GetProperty("__typename").GetString().ShouldBe("Query");
    }

    [Fact]
    public async Task An_API_client_may_not_introspect_but_may_ask_for_typename()
    {
        var proxy = app.CreateClient();
        proxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ProxyIdpKey);

        var introspection = await ReadAsync(await proxy.PostAsJsonAsync("/graphql", new { query = FullIntrospection }));
        introspection.FirstErrorMessage().ShouldContain("Only administrators may introspect");
        var anonymousType = await ReadAsync(await app.CreateClient().PostAsJsonAsync("/graphql", new { query = "{ __schema { queryType { name } } }" }));
        anonymousType.FirstErrorMessage().ShouldContain("Only administrators may introspect");

        var typename = await ReadAsync(await proxy.PostAsJsonAsync("/graphql", new { query = "{ __typename }" }));
        typename.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task An_API_client_with_the_schema_read_scope_may_introspect()
    {
        app.Settings["Mfa:ApiClients:1:Name"] = "schema-tool";
        app.Settings["Mfa:ApiClients:1:Key"] = "schema-tool-key-for-tests-only";
        app.Settings["Mfa:ApiClients:1:Scopes:0"] = "schema:read";
        var tool = app.CreateClient();
        tool.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "schema-tool-key-for-tests-only");

        var introspection = await ReadAsync(await tool.PostAsJsonAsync("/graphql", new { query = FullIntrospection }));

        introspection.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task An_admin_still_has_limits()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);
        var deep = "{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", 30)) + "name"
            + string.Concat(Enumerable.Repeat(" }", 30)) + " } } } } }";

        var response = await admin.GraphQLAsync(deep);

        response.FirstErrorMessage().ShouldNotBeNullOrWhiteSpace();
        response.TryGetProperty("data", out _).ShouldBeFalse();
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
