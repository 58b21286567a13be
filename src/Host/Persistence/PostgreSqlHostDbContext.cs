using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Host.Persistence;

/// <summary>
/// The same model on PostgreSQL. A type of its own only so that its migrations (under <c>Migrations/PostgreSql</c>)
/// are told apart from SQLite's: the module's code always asks for <see cref="HostDbContext"/>.
/// </summary>
internal sealed class PostgreSqlHostDbContext(DbContextOptions<PostgreSqlHostDbContext> options) : HostDbContext(options);
