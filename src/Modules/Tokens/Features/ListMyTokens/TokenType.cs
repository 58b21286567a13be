using GraphQL;
using GraphQL.Types;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Modules.Tokens.Features.ListMyTokens;

internal sealed class TokenType : ObjectGraphType<TokenView>
{
    public TokenType()
    {
        Name = "Token";
        Description = "An active token: a TOTP app (its secret is never returned after enrolment) or a security key (WebAuthn).";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id.ToString());
        Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Description);
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt.UtcDateTime);
        Field<DateTimeGraphType>("lastUsedAt").Resolve(c => c.Source.LastUsedAt?.UtcDateTime);
        Field<NonNullGraphType<TokenKindType>>("kind").Resolve(c => c.Source.IsSecurityKey ? TokenKind.Webauthn : TokenKind.Totp);
        Field<NonNullGraphType<BooleanGraphType>>("imported").Description("Brought over from the system this one replaced, not enrolled here.").Resolve(c => c.Source.Imported);
    }

    public static void AddQueryField(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<TokenType>>>>("myTokens")
            .Description("The signed-in user's active tokens, oldest first.")
            .ResolveAsync(async c => await c.Send(new ListMyTokens(c.RequireUserId())));
}

internal enum TokenKind
{
    Totp,
    Webauthn,
}

internal sealed class TokenKindType : EnumerationGraphType<TokenKind>
{
    public TokenKindType()
    {
        Name = "TokenKind";
        Description = "TOTP: a verification app's codes. WEBAUTHN: a security key or passkey.";
    }
}
