using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;
using static MfaMonolith.Tests.Modules.ServicePolicies.Features.ServicePoliciesApi;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features;

/// <summary>
/// Choosing which services ask for a second factor, through GraphQL: the first token turns MFA on for all services, a
/// saved choice decides the ProxyIdP's answers at once, and saving needs a code typed now; bad input costs no code.
/// </summary>
public sealed class SaveServiceSettingsTests(SharedMfaApp shared) : IClassFixture<SharedMfaApp>
{
    private MfaAppFactory App => shared.App;

    [Fact]
    public async Task The_first_token_turns_MFA_on_for_all_services()
    {
        var (user, userId) = await shared.SignInAsNewUserAsync();
        (await user.MyServiceSettingsAsync()).ShouldBe(new Settings("NONE", [], [], "OFF"));
        (await App.MfaRequirementAsync(userId, Moodle)).ShouldBe((false, "NOT_ACTIVATED"));

        await user.EnrolTokenAsync();

        (await user.MyServiceSettingsAsync()).ShouldBe(new Settings("ALL", [], [], "ENFORCED_ALL"));
        (await App.MfaRequirementAsync(userId, Moodle)).ShouldBe((true, "ENFORCED_ALL"));
        (await App.MfaRequirementAsync(userId, "https://unknown.example.org/sp")).ShouldBe((true, "ENFORCED_ALL"));
    }

    [Fact]
    public async Task Saving_selected_categories_with_an_exclusion_decides_the_answers_at_once()
    {
        var (user, userId) = await shared.SignInAsNewUserAsync();
        var (_, secret) = await user.EnrolTokenAsync();

        var response = await user.SaveServiceSettingsAsync(false, ["research"], [HpcPortal], user.CodeNow(secret, 1));

        response.ShouldHaveNoErrors();
        var expected = new Settings("SELECTED", ["research"], [HpcPortal], "ENFORCED_PARTIALLY");
        ToSettings(response.GetProperty("data").GetProperty("saveServiceSettings")).ShouldBe(expected);
        (await user.MyServiceSettingsAsync()).ShouldBe(expected);
        (await App.MfaRequirementAsync(userId, ResearchCloud)).ShouldBe((true, "ENFORCED_CATEGORY"));
        (await App.MfaRequirementAsync(userId, CollabWiki)).ShouldBe((true, "ENFORCED_CATEGORY"));
        (await App.MfaRequirementAsync(userId, HpcPortal)).ShouldBe((false, "NOT_ENFORCED"));
        (await App.MfaRequirementAsync(userId, Moodle)).ShouldBe((false, "NOT_ENFORCED"));
        (await App.MfaRequirementAsync(userId, Erp)).ShouldBe((false, "NOT_ENFORCED"));
        (await App.MfaRequirementAsync(userId, HpcPortal, RefedsMfa)).ShouldBe((true, "REQUESTED_BY_SERVICE"));
        (await App.MfaRequirementAsync(userId, Moodle, "http://schemas.microsoft.com/claims/multipleauthn")).ShouldBe((true, "REQUESTED_BY_SERVICE"));
    }

    [Fact]
    public async Task Saving_all_services_again_turns_MFA_on_everywhere()
    {
        var (user, userId) = await shared.SignInAsNewUserAsync();
        var (_, secret) = await user.EnrolTokenAsync();
        (await user.SaveServiceSettingsAsync(false, ["teaching"], [], user.CodeNow(secret, 1))).ShouldHaveNoErrors();
        (await App.MfaRequirementAsync(userId, Erp)).ShouldBe((false, "NOT_ENFORCED"));

        App.Clock.Advance(TimeSpan.FromSeconds(30));
        (await user.SaveServiceSettingsAsync(true, null, null, user.CodeNow(secret, 1))).ShouldHaveNoErrors();

        (await user.MyServiceSettingsAsync()).ShouldBe(new Settings("ALL", [], [], "ENFORCED_ALL"));
        (await App.MfaRequirementAsync(userId, Erp)).ShouldBe((true, "ENFORCED_ALL"));
    }

    [Fact]
    public async Task An_empty_wrong_or_replayed_code_changes_nothing()
    {
        var (user, userId) = await shared.SignInAsNewUserAsync();
        var (_, secret) = await user.EnrolTokenAsync();
        var code = user.CodeNow(secret, 1);
        (await user.SaveServiceSettingsAsync(false, ["admin"], [], code)).ShouldHaveNoErrors();
        var saved = new Settings("SELECTED", ["admin"], [], "ENFORCED_PARTIALLY");

        var replayed = await user.SaveServiceSettingsAsync(true, null, null, code);
        replayed.FirstErrorCode().ShouldBe("REPLAYED");
        (await user.MyServiceSettingsAsync()).ShouldBe(saved);

        // Past the session's step-up (ADR 0015): now a code is needed, and only a right one will do.
        App.Clock.Advance(TimeSpan.FromMinutes(6));
        (await user.SaveServiceSettingsAsync(true, null, null, "")).FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
        (await user.MyServiceSettingsAsync()).ShouldBe(saved);

        var wrong = WrongCodeCandidates.First(c => c != user.CodeNow(secret, 1) && c != user.CodeNow(secret, -1) && c != user.CodeNow(secret));
        (await user.SaveServiceSettingsAsync(true, null, null, wrong)).FirstErrorCode().ShouldBe("INVALID_CODE");
        (await user.MyServiceSettingsAsync()).ShouldBe(saved);
        (await App.MfaRequirementAsync(userId, ResearchCloud)).ShouldBe((false, "NOT_ENFORCED"));
    }

    [Fact]
    public async Task A_backup_code_works_as_step_up_once()
    {
        var (user, userId) = await shared.SignInAsNewUserAsync();
        await user.EnrolTokenAsync();
        var (setId, codes) = await user.NewSetAsync();
        (await user.AcknowledgeAsync(setId)).ShouldHaveNoErrors();

        (await user.SaveServiceSettingsAsync(false, ["research", "teaching"], [Exams], codes[0])).ShouldHaveNoErrors();

        (await user.MyServiceSettingsAsync()).ShouldBe(new Settings("SELECTED", ["research", "teaching"], [Exams], "ENFORCED_PARTIALLY"));
        (await App.MfaRequirementAsync(userId, Moodle)).ShouldBe((true, "ENFORCED_CATEGORY"));
        (await App.MfaRequirementAsync(userId, Exams)).ShouldBe((false, "NOT_ENFORCED"));
        (await user.SaveServiceSettingsAsync(true, null, null, codes[0])).FirstErrorCode().ShouldNotBeNull();
        (await user.MyServiceSettingsAsync()).Mode.ShouldBe("SELECTED");
    }

    [Theory]
    [InlineData(new[] { "no-such-category" }, new string[0], "no-such-category")]
    [InlineData(new[] { "research" }, new[] { "https://nowhere.example.org/sp" }, "https://nowhere.example.org/sp")]
    [InlineData(new[] { "research" }, new[] { Moodle }, Moodle)]
    public async Task Unknown_ids_and_stray_exclusions_are_refused_and_change_nothing(string[] include, string[] exclude, string named)
    {
        var (user, userId) = await shared.SignInAsNewUserAsync();
        var (_, secret) = await user.EnrolTokenAsync();
        var code = user.CodeNow(secret, 1);

        var response = await user.SaveServiceSettingsAsync(false, include, exclude, code);

        response.FirstErrorCode().ShouldBe("VALIDATION_FAILED");
        response.FirstErrorMessage().ShouldContain(named);
        (await user.MyServiceSettingsAsync()).ShouldBe(new Settings("ALL", [], [], "ENFORCED_ALL"));
        (await App.MfaRequirementAsync(userId, Moodle)).ShouldBe((true, "ENFORCED_ALL"));
        // The step-up the code gave the session lasts: the corrected request needs no second code (ADR 0015).
        (await user.SaveServiceSettingsAsync(false, ["research"], [], code: null)).ShouldHaveNoErrors();
    }

    [Fact]
    public async Task All_services_together_with_lists_is_refused()
    {
        var (user, _) = await shared.SignInAsNewUserAsync();
        var (_, secret) = await user.EnrolTokenAsync();
        var code = user.CodeNow(secret, 1);
        (await user.SaveServiceSettingsAsync(false, ["admin"], [], code)).ShouldHaveNoErrors();
        App.Clock.Advance(TimeSpan.FromSeconds(30));

        (await user.SaveServiceSettingsAsync(true, ["research"], null, user.CodeNow(secret, 1))).FirstErrorCode().ShouldBe("VALIDATION_FAILED");
        (await user.SaveServiceSettingsAsync(true, null, [Erp], code: null)).FirstErrorCode().ShouldBe("VALIDATION_FAILED");

        (await user.MyServiceSettingsAsync()).ShouldBe(new Settings("SELECTED", ["admin"], [], "ENFORCED_PARTIALLY"));
    }
}
