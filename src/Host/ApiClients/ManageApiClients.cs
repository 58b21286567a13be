using GraphQL;
using GraphQL.Types;
using Mediator;
using MfaMonolith.Host.Persistence;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Host.ApiClients;

internal sealed record ApiClientView(string Name, IReadOnlyList<string> Scopes, DateTimeOffset? CreatedAt, DateTimeOffset? RevokedAt, bool FromConfiguration, string? Key = null);

internal sealed record CreateApiClient(string AdminId, string Name, IReadOnlyList<string> Scopes) : ICommand<ApiClientView>;

internal sealed record RevokeApiClient(string AdminId, string Name) : ICommand<ApiClientView>;

internal sealed record ListApiClients : IQuery<IReadOnlyList<ApiClientView>>;

internal sealed class ApiClientHandlers(HostDbContext db, ConfiguredApiClients configured, SecurityEventOutbox outbox, TimeProvider clock)
    : ICommandHandler<CreateApiClient, ApiClientView>, ICommandHandler<RevokeApiClient, ApiClientView>, IQueryHandler<ListApiClients, IReadOnlyList<ApiClientView>>
{
    public async ValueTask<ApiClientView> Handle(CreateApiClient command, CancellationToken ct)
    {
        var name = command.Name.Trim();
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new AppException(ErrorCodes.ValidationFailed, "A client name is 1–64 letters, digits, '-', '_' or '.'.");
        if (command.Scopes.Count == 0 || command.Scopes.FirstOrDefault(s => !ApiKeys.KnownScopes.Contains(s)) is { } unknown && unknown is not null)
            throw new AppException(ErrorCodes.ValidationFailed, $"Scopes must be some of: {string.Join(", ", ApiKeys.KnownScopes)}.");
        if (configured.Clients.Any(c => c.Name == name) || await db.ApiClients.AnyAsync(c => c.Name == name, ct))
            throw new AppException(ErrorCodes.Conflict, $"An API client named '{name}' exists already.");

        var key = ApiKeys.NewKey();
        var now = clock.GetUtcNow();
        var client = new ApiClient { Name = name, KeySha256 = ApiKeys.Sha256Hex(key), Scopes = string.Join(' ', command.Scopes.Distinct()), CreatedAt = now, CreatedBy = command.AdminId };
        db.ApiClients.Add(client);
        outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.ApiClientCreated, null, "admin:" + command.AdminId, now, Detail: name));
        await db.SaveChangesAsync(ct);
        return new ApiClientView(name, client.ScopeList, now, null, false, key);
    }

    public async ValueTask<ApiClientView> Handle(RevokeApiClient command, CancellationToken ct)
    {
        if (configured.Clients.Any(c => c.Name == command.Name))
            throw new AppException(ErrorCodes.Conflict, $"'{command.Name}' is declared in configuration: remove it there.");
        var client = await db.ApiClients.FirstOrDefaultAsync(c => c.Name == command.Name, ct)
            ?? throw new AppException(ErrorCodes.NotFound, $"There is no API client named '{command.Name}'.");
        var now = clock.GetUtcNow();
        if (client.RevokedAt is null)
        {
            client.RevokedAt = now;
            outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.ApiClientRevoked, null, "admin:" + command.AdminId, now, Detail: client.Name));
            await db.SaveChangesAsync(ct);
        }

        return new ApiClientView(client.Name, client.ScopeList, client.CreatedAt, client.RevokedAt, false);
    }

    public async ValueTask<IReadOnlyList<ApiClientView>> Handle(ListApiClients query, CancellationToken ct)
    {
        var stored = await db.ApiClients.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        return [.. configured.Clients.Select(c => new ApiClientView(c.Name, c.ScopeList, null, null, true)),
                .. stored.Select(c => new ApiClientView(c.Name, c.ScopeList, c.CreatedAt, c.RevokedAt, false))];
    }
}

internal sealed class ApiClientType : ObjectGraphType<ApiClientView>
{
    public ApiClientType()
    {
        Name = "ApiClient";
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes").Resolve(c => c.Source.Scopes);
        Field<DateTimeGraphType>("createdAt").Resolve(c => c.Source.CreatedAt?.UtcDateTime);
        Field<DateTimeGraphType>("revokedAt").Resolve(c => c.Source.RevokedAt?.UtcDateTime);
        Field<NonNullGraphType<BooleanGraphType>>("fromConfiguration").Resolve(c => c.Source.FromConfiguration);
        Field<StringGraphType>("key").Description("The API key: returned once, by createApiClient; stored only hashed.").Resolve(c => c.Source.Key);
    }
}

internal sealed class ApiClientsSchemaContributor : ISchemaContributor
{
    public void AddQueryFields(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ApiClientType>>>>("apiClients")
            .Description("API clients (the ProxyIdP). Admins only.")
            .ResolveAsync(async c =>
            {
                c.User.RequireAdmin();
                return await c.Send(new ListApiClients());
            });

    public void AddMutationFields(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ApiClientType>>("createApiClient")
            .Description("Creates an API client with scopes (policy:read, otp:verify); the key is in the answer, once. Admins only.")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes")
            .ResolveAsync(async c => await c.Send(new CreateApiClient(await c.RequireAdminStepUpAsync(), c.GetArgument<string>("name"), c.GetArgument<List<string>>("scopes"))));
        mutation.Field<NonNullGraphType<ApiClientType>>("revokeApiClient")
            .Description("Revokes an admin-created API client: its key stops working at once. Admins only.")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c => await c.Send(new RevokeApiClient(await c.RequireAdminStepUpAsync(), c.GetArgument<string>("name"))));
    }
}
