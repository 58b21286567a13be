using GraphQL;
using MfaMonolith.Host.GraphQL;
using MfaMonolith.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Tests.Host.GraphQL;

public sealed class AppErrorFieldMiddlewareTests
{
    [Fact]
    public async Task A_module_error_keeps_its_code_and_message()
    {
        var error = await Should.ThrowAsync<ExecutionError>(() =>
            new AppErrorFieldMiddleware().ResolveAsync(new ResolveFieldContext(), _ => throw new AppException(ErrorCodes.NotFound, "No such token.")).AsTask());

        error.Code.ShouldBe(ErrorCodes.NotFound);
        error.Message.ShouldBe("No such token.");
    }

    [Fact]
    public async Task A_lost_concurrency_race_is_a_CONFLICT_that_says_to_try_again()
    {
        var error = await Should.ThrowAsync<ExecutionError>(() =>
            new AppErrorFieldMiddleware().ResolveAsync(new ResolveFieldContext(), _ => throw new DbUpdateConcurrencyException("row changed")).AsTask());

        error.Code.ShouldBe(ErrorCodes.Conflict);
        error.Message.ShouldContain("try again");
        error.Message.ShouldNotContain("row changed");
    }
}
