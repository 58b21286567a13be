using GraphQL.Types;

namespace MfaMonolith.Modules.ServicePolicies.Features.ManageCatalog;

internal sealed class LocalizedLabelType : ObjectGraphType<KeyValuePair<string, string>>
{
    public LocalizedLabelType()
    {
        Name = "LocalizedLabel";
        Description = "A catalogue entry's label in one language.";
        Field<NonNullGraphType<StringGraphType>>("language").Description("A language tag: en, cs, en-GB.").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<StringGraphType>>("label").Resolve(c => c.Source.Value);
    }
}

internal sealed class LocalizedLabelInputType : InputObjectGraphType<LocalizedLabelInput>
{
    public LocalizedLabelInputType()
    {
        Name = "LocalizedLabelInput";
        Description = "A label in one language.";
        Field<NonNullGraphType<StringGraphType>>("language").Description("A language tag: en, cs, en-GB.");
        Field<NonNullGraphType<StringGraphType>>("label").Description("1–256 characters.");
    }
}

internal sealed class LocalizedLabelInput
{
    public string Language { get; set; } = "";
    public string Label { get; set; } = "";
}
