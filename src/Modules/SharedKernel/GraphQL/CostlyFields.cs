using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace MfaMonolith.SharedKernel.GraphQL;

/// <summary>
/// Fields that check a code or cost a password hash (a verification, generating backup codes, beginning an enrolment).
/// One operation may carry at most one of them: aliases must not multiply guesses or hashing work (ADR 0015). The Host
/// refuses a second one before anything runs.
/// </summary>
public static class CostlyFields
{
    public const string MetadataKey = "mfa:costly";

    public static FieldBuilder<TSource, TReturn> ChecksCodeOrCostsHash<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.WithMetadata(MetadataKey, true);

    public static bool IsCostly(this IFieldType field) => field.GetMetadata(MetadataKey, false);
}
