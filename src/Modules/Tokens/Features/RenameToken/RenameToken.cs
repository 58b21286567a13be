using FluentValidation;
using GraphQL;
using GraphQL.Types;
using Mediator;
using MfaMonolith.Modules.Tokens.Features.BeginEnrollment;
using MfaMonolith.Modules.Tokens.Features.ListMyTokens;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Validation;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.RenameToken;

internal sealed record RenameToken(string UserId, Guid TokenId, string Description) : ICommand<TokenView>;

internal sealed class RenameTokenValidator : AbstractValidator<RenameToken>
{
    public RenameTokenValidator() =>
        RuleFor(c => c.Description).IsDisplayLabel("description", BeginEnrollmentValidator.MaxDescriptionLength);
}

internal sealed class RenameTokenHandler(TokensDbContext db, TimeProvider clock) : ICommandHandler<RenameToken, TokenView>
{
    public async ValueTask<TokenView> Handle(RenameToken command, CancellationToken cancellationToken)
    {
        // Another user's token is "not found", exactly like a token that does not exist: ids reveal nothing.
        if (await db.SecurityKeys.FirstOrDefaultAsync(k => k.Id == command.TokenId && k.UserId == command.UserId, cancellationToken) is { } key)
        {
            key.Rename(command.Description, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return TokenView.Of(key);
        }

        var token = await db.Tokens.FirstOrDefaultAsync(t => t.Id == command.TokenId && t.UserId == command.UserId, cancellationToken)
            ?? throw new AppException(ErrorCodes.NotFound, "No such token.");
        token.Rename(command.Description, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return new TokenView(token.Id, token.Description, token.CreatedAt, token.LastUsedAt, token.ImportSerial is not null);
    }
}

internal static class RenameTokenField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<TokenType>>("renameToken")
            .Description("Gives one of your tokens a new description (1–64 characters).")
            .Argument<NonNullGraphType<IdGraphType>>("tokenId")
            .Argument<NonNullGraphType<StringGraphType>>("description")
            .ResolveAsync(async c => await c.Send(new RenameToken(c.RequireUserId(), c.GetIdArgument("tokenId"), c.GetArgument<string>("description"))));
}
