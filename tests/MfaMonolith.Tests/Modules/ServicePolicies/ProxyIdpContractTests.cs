using System.Text.Json;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Types;
using GraphQLParser.AST;
using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Modules.ServicePolicies;

/// <summary>
/// docs/api/proxyidp.graphql is a contract with the ProxyIdP: every type, field, argument (type and default) and enum
/// value it names must be served, with the same type. The served schema may add, never rename or remove.
/// </summary>
public sealed class ProxyIdpContractTests(ProxyIdpApp fixture) : IClassFixture<ProxyIdpApp>
{
    private const string Introspection = """
        query {
          __schema {
            types {
              kind name
              fields(includeDeprecated: true) { name type { ...T } args { name defaultValue type { ...T } } }
              inputFields { name defaultValue type { ...T } }
              enumValues(includeDeprecated: true) { name }
            }
          }
        }
        fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
        """;

    private static string ContractText() => File.ReadAllText(Repository.PathOf("docs", "api", "proxyidp.graphql"));

    /// <summary>
    /// The served schema's introspection. Executed in process on the app's own <see cref="ISchema"/>: the HTTP endpoint's
    /// complexity limit (rightly) refuses a full introspection.
    /// </summary>
    private async Task<JsonElement> ServedTypesAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var result = await new DocumentExecuter().ExecuteAsync(options =>
        {
            options.Schema = scope.ServiceProvider.GetRequiredService<ISchema>();
            options.Query = Introspection;
            options.RequestServices = scope.ServiceProvider;
        });
        var body = JsonDocument.Parse(new GraphQLSerializer().Serialize(result)).RootElement.Clone();
        body.ShouldHaveNoErrors();
        return body.GetProperty("data").GetProperty("__schema").GetProperty("types");
    }

    [Fact]
    public async Task The_served_schema_honours_the_ProxyIdP_contract()
    {
        var differences = ContractDifferences(ContractText(), await ServedTypesAsync());

        differences.ShouldBeEmpty(string.Join("\n", differences));
    }

    [Fact]
    public void The_contract_names_what_the_ProxyIdP_uses()
    {
        var text = ContractText();
        var document = GraphQLParser.Parser.Parse(text);

        var names = document.Definitions.OfType<GraphQLTypeDefinition>().Select(d => d.Name.StringValue).ToList();

        names.ShouldBe(["Query", "MfaRequirement", "MfaReason", "SecondFactorMethod", "Mutation", "VerifySecondFactorInput", "VerifySecondFactorPayload", "VerificationFailure",
            "SecurityKeyChallenge", "VerifySecurityKeyAssertionInput", "DateTime"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("  satisfiable: Boolean!", "  satisfiableNow: Boolean!", "MfaRequirement.satisfiableNow")]
    [InlineData("    userId: String!               #", "    userId: ID!               #", "mfaRequirement(userId:)")]
    [InlineData("requestedAuthnContext: [String!] = []", "requestedAuthnContext: [String!] = [\"x\"]", "requestedAuthnContext")]
    [InlineData("requestedAuthnContext: [String!] = []", "requestedAuthnContext: [String!]! = []", "requestedAuthnContext")]
    [InlineData("enum SecondFactorMethod { TOTP BACKUP_CODE WEBAUTHN }", "enum SecondFactorMethod { TOTP BACKUP_CODE WEBAUTHN SMS }", "SecondFactorMethod.SMS")]
    [InlineData("  remainingBackupCodes: Int! ", "  remainingBackupCodes: Int ", "VerifySecondFactorPayload.remainingBackupCodes")]
    [InlineData("  relyingParty: String            # for the audit log", "  relyingParty: String            # for the audit log\n  tenant: String!", "VerifySecondFactorInput.tenant")]
    [InlineData("type MfaRequirement {", "type MfaRequirementAnswer {", "MfaRequirementAnswer")]
    [InlineData("scalar DateTime", "scalar Instant", "Instant")]
    [InlineData("scalar DateTime", "type DateTime { at: String }", "type DateTime is served as SCALAR")]
    public async Task A_changed_contract_is_reported(string original, string changed, string expected)
    {
        var text = ContractText();
        text.ShouldContain(original);

        var differences = ContractDifferences(text.Replace(original, changed, StringComparison.Ordinal), await ServedTypesAsync());

        differences.ShouldNotBeEmpty();
        differences.ShouldContain(d => d.Contains(expected, StringComparison.Ordinal), string.Join("\n", differences));
    }

    /// <summary>What the contract has that the served schema (its introspection's types) lacks or types differently.</summary>
    internal static List<string> ContractDifferences(string contractSdl, JsonElement servedTypes)
    {
        var served = servedTypes.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        var differences = new List<string>();
        foreach (var definition in GraphQLParser.Parser.Parse(contractSdl).Definitions.OfType<GraphQLTypeDefinition>())
        {
            var name = definition.Name.StringValue;
            var kind = definition switch
            {
                GraphQLObjectTypeDefinition => "OBJECT",
                GraphQLInputObjectTypeDefinition => "INPUT_OBJECT",
                GraphQLEnumTypeDefinition => "ENUM",
                GraphQLScalarTypeDefinition => "SCALAR",
                GraphQLInterfaceTypeDefinition => "INTERFACE",
                GraphQLUnionTypeDefinition => "UNION",
                _ => "?",
            };
            if (!served.TryGetValue(name, out var type))
            {
                differences.Add($"type {name} is not served");
                continue;
            }

            if (type.GetProperty("kind").GetString() != kind)
            {
                differences.Add($"type {name} is served as {type.GetProperty("kind").GetString()}, the contract says {kind}");
                continue;
            }

            switch (definition)
            {
                case GraphQLObjectTypeDefinition obj:
                    foreach (var field in obj.Fields?.Items ?? [])
                    {
                        var where = $"{name}.{field.Name.StringValue}";
                        if (Member(type, "fields", field.Name.StringValue) is not { } servedField)
                        {
                            differences.Add($"field {where} is not served");
                            continue;
                        }

                        CompareType(differences, where, field.Type, servedField);
                        var contractArgs = field.Arguments?.Items ?? [];
                        foreach (var argument in contractArgs)
                            CompareInputValue(differences, $"{name}.{field.Name.StringValue}({argument.Name.StringValue}:)", argument, servedField.GetProperty("args"));
                        foreach (var extra in servedField.GetProperty("args").EnumerateArray())
                            if (contractArgs.All(a => a.Name.StringValue != extra.GetProperty("name").GetString()) && IsRequired(extra))
                                differences.Add($"{where} has the required argument {extra.GetProperty("name").GetString()} that the contract lacks");
                    }

                    break;
                case GraphQLInputObjectTypeDefinition input:
                    var contractFields = input.Fields?.Items ?? [];
                    foreach (var field in contractFields)
                        CompareInputValue(differences, $"{name}.{field.Name.StringValue}", field, type.GetProperty("inputFields"));
                    foreach (var extra in type.GetProperty("inputFields").EnumerateArray())
                        if (contractFields.All(f => f.Name.StringValue != extra.GetProperty("name").GetString()) && IsRequired(extra))
                            differences.Add($"input {name} has the required field {extra.GetProperty("name").GetString()} that the contract lacks");
                    break;
                case GraphQLEnumTypeDefinition enumeration:
                    foreach (var value in enumeration.Values?.Items ?? [])
                        if (Member(type, "enumValues", value.Name.StringValue) is null)
                            differences.Add($"enum value {name}.{value.Name.StringValue} is not served");
                    break;
            }
        }

        return differences;
    }

    private static void CompareInputValue(List<string> differences, string where, GraphQLInputValueDefinition contract, JsonElement servedValues)
    {
        var served = servedValues.EnumerateArray().FirstOrDefault(v => v.GetProperty("name").GetString() == contract.Name.StringValue);
        if (served.ValueKind == JsonValueKind.Undefined)
        {
            differences.Add($"{where} is not served");
            return;
        }

        CompareType(differences, where, contract.Type, served);
        var expectedDefault = contract.DefaultValue is null ? null : Print(contract.DefaultValue);
        var servedDefault = served.GetProperty("defaultValue").ValueKind == JsonValueKind.Null ? null : served.GetProperty("defaultValue").GetString();
        if (Normalize(expectedDefault) != Normalize(servedDefault))
            differences.Add($"{where} defaults to {servedDefault ?? "nothing"}, the contract says {expectedDefault ?? "nothing"}");
    }

    private static void CompareType(List<string> differences, string where, GraphQLType contract, JsonElement served)
    {
        var expected = Print(contract);
        var actual = Print(served.GetProperty("type"));
        if (expected != actual)
            differences.Add($"{where} is {actual}, the contract says {expected}");
    }

    private static JsonElement? Member(JsonElement type, string list, string name) =>
        type.GetProperty(list).ValueKind == JsonValueKind.Array
            ? type.GetProperty(list).EnumerateArray().Where(m => m.GetProperty("name").GetString() == name).Cast<JsonElement?>().FirstOrDefault()
            : null;

    private static bool IsRequired(JsonElement inputValue) =>
        inputValue.GetProperty("type").GetProperty("kind").GetString() == "NON_NULL" && inputValue.GetProperty("defaultValue").ValueKind == JsonValueKind.Null;

    private static string Print(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => Print(nonNull.Type) + "!",
        GraphQLListType list => "[" + Print(list.Type) + "]",
        GraphQLNamedType named => named.Name.StringValue,
        _ => throw new NotSupportedException(type.GetType().Name),
    };

    private static string Print(JsonElement typeRef) => typeRef.GetProperty("kind").GetString() switch
    {
        "NON_NULL" => Print(typeRef.GetProperty("ofType")) + "!",
        "LIST" => "[" + Print(typeRef.GetProperty("ofType")) + "]",
        _ => typeRef.GetProperty("name").GetString()!,
    };

    private static string Print(GraphQLValue value) => value switch
    {
        GraphQLListValue list => "[" + string.Join(",", (list.Values ?? []).Select(Print)) + "]",
        GraphQLStringValue s => JsonSerializer.Serialize(new string(s.Value.Span)),
        GraphQLNullValue => "null",
        GraphQLEnumValue e => e.Name.StringValue,
        GraphQLIntValue i => new string(i.Value.Span),
        GraphQLFloatValue f => new string(f.Value.Span),
        GraphQLBooleanValue b => b.BoolValue ? "true" : "false",
        _ => throw new NotSupportedException(value.GetType().Name),
    };

    private static string? Normalize(string? value) => value is null ? null : string.Concat(value.Where(c => !char.IsWhiteSpace(c)));
}
