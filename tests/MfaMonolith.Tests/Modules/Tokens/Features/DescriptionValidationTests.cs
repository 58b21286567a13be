using System.Text.Json;
using Mediator;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using BeginEnrollmentCommand = MfaMonolith.Modules.Tokens.Features.BeginEnrollment.BeginEnrollment;

namespace MfaMonolith.Tests.Modules.Tokens.Features;

/// <summary>A token's description, through the real GraphQL endpoint, validation pipeline, database and pages.</summary>
public sealed class DescriptionValidationTests(SharedMfaApp shared) : IClassFixture<SharedMfaApp>
{

    private const string Begin = "mutation($d:String!){ beginTokenEnrollment(description:$d){ tokenId description } }";
    private const string Rename = "mutation($t:ID!,$d:String!){ renameToken(tokenId:$t, description:$d){ id description } }";

    private const string EnterADescription = "Enter a description.";
    private const string TooLong = "The description can be at most 64 characters long.";
    private const string NotClean = "The description contains control characters or invalid text.";

    public static TheoryData<string, string> Rejected => new()
    {
        { "", EnterADescription },
        { "   ", EnterADescription },
        { "\t\u00A0 \u3000", EnterADescription },
        { new string('a', 65), TooLong },
        { string.Concat(Enumerable.Repeat("📱", 65)), TooLong },
        { "Phone\u0007", NotClean },
        { "Pho\nne", NotClean },
        { "Phone\u0000", NotClean },
        { "Phone\u007F", NotClean },
        { "Phone\u0085", NotClean },
        { "Phone\u2028", NotClean },
        { "Phone \u202Egnp.exe", NotClean }, // RIGHT-TO-LEFT OVERRIDE: would show "Phone exe.png"
        { "Phone \u2066x\u2069", NotClean },
        { "Phone \u200F", NotClean },
    };

    public static TheoryData<string> Accepted => new()
    {
        "a",
        new string('a', 64),
        string.Concat(Enumerable.Repeat("📱", 64)), // 64 characters as a person counts them, 128 UTF-16 units
        "My phone 📱",
        "Work 👩🏽‍💻",
        "我的手机",
        "هاتفي الشخصي",
        "Zoë's Pixel — 2nd",
        "<script>alert(1)</script>",
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task An_invalid_description_is_refused_and_nothing_is_created(string description, string message)
    {
        var (alice, userId) = await shared.SignInAsNewUserAsync();

        var response = await alice.GraphQLAsync(Begin, new { d = description });

        response.FirstErrorCode().ShouldBe("VALIDATION_FAILED", response.ToString());
        response.FirstErrorMessage().ShouldBe(message);
        (await alice.GraphQLAsync("{ myPendingEnrollment { tokenId } }")).GetProperty("data").GetProperty("myPendingEnrollment")
            .ValueKind.ShouldBe(JsonValueKind.Null);
        (await alice.GraphQLAsync("{ myTokens { id } }")).GetProperty("data").GetProperty("myTokens").GetArrayLength().ShouldBe(0);
        await shared.App.WithTokensDbAsync(async db => (await db.Tokens.CountAsync(t => t.UserId == userId)).ShouldBe(0));
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task A_valid_description_in_any_script_is_kept_as_typed(string description)
    {
        var (alice, _) = await shared.SignInAsNewUserAsync();

        var response = await alice.GraphQLAsync(Begin, new { d = description });

        response.ShouldHaveNoErrors();
        response.GetProperty("data").GetProperty("beginTokenEnrollment").GetProperty("description").GetString().ShouldBe(description);
    }

    [Fact]
    public async Task Broken_text_that_JSON_cannot_carry_is_refused_by_the_pipeline_too()
    {
        // A lone surrogate cannot travel in valid JSON, but other callers of the command must not store one either.
        const string userId = "surrogate-user";
        await using var scope = shared.App.Services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();

        var error = await Should.ThrowAsync<AppException>(async () => await sender.Send(new BeginEnrollmentCommand(userId, "Phone \uD83D")));

        error.Code.ShouldBe(ErrorCodes.ValidationFailed);
        error.Message.ShouldBe(NotClean);
        await shared.App.WithTokensDbAsync(async db => (await db.Tokens.CountAsync(t => t.UserId == userId)).ShouldBe(0));
    }

    [Fact]
    public async Task Surrounding_spaces_do_not_count_towards_the_limit()
    {
        var (alice, _) = await shared.SignInAsNewUserAsync();
        var sixtyFour = new string('a', 64);

        var response = await alice.GraphQLAsync(Begin, new { d = "  " + sixtyFour + "  " });

        response.ShouldHaveNoErrors();
        response.GetProperty("data").GetProperty("beginTokenEnrollment").GetProperty("description").GetString().ShouldBe(sixtyFour);
    }

    [Theory]
    [InlineData("   ", EnterADescription)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TooLong)]
    [InlineData("Phone\u0007", NotClean)]
    [InlineData("Phone \u202Egnp.exe", NotClean)]
    public async Task Renaming_to_an_invalid_description_is_refused_and_keeps_the_old_one(string description, string message)
    {
        var (alice, _) = await shared.SignInAsNewUserAsync();
        var (tokenId, _) = await alice.EnrolTokenAsync("Phone");

        var response = await alice.GraphQLAsync(Rename, new { t = tokenId, d = description });

        response.FirstErrorCode().ShouldBe("VALIDATION_FAILED", response.ToString());
        response.FirstErrorMessage().ShouldBe(message);
        var tokens = (await alice.GraphQLAsync("{ myTokens { description } }")).GetProperty("data").GetProperty("myTokens");
        tokens.GetArrayLength().ShouldBe(1);
        tokens[0].GetProperty("description").GetString().ShouldBe("Phone");
    }

    [Fact]
    public async Task Markup_in_a_description_is_shown_as_text_on_my_tokens_page()
    {
        var (alice, _) = await shared.SignInAsNewUserAsync();
        await alice.EnrolTokenAsync("<script>alert(1)</script>");

        var html = await alice.GetPageAsync("/tokens");

        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.ShouldNotContain("<script>alert");
        html.ShouldNotContain("</script>alert");
    }
}
