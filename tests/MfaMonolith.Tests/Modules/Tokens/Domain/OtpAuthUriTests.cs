using MfaMonolith.Modules.Tokens.Domain;
using Microsoft.AspNetCore.WebUtilities;
using OtpNet;

namespace MfaMonolith.Tests.Modules.Tokens.Domain;

/// <summary>The Key URI Format (otpauth://totp/Issuer:account?secret=…) that authenticator apps read from the QR code.</summary>
public sealed class OtpAuthUriTests
{
    private static readonly byte[] Secret = TotpAlgorithm.NewSecret();

    private sealed record ParsedUri(string Scheme, string Type, string RawLabel, Dictionary<string, string> Parameters)
    {
        public string Label => Uri.UnescapeDataString(RawLabel);
    }

    /// <summary>Takes the URI apart by hand, the way the format defines it, without trusting System.Uri's normalisation.</summary>
    private static ParsedUri Parse(string uri)
    {
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        schemeEnd.ShouldBeGreaterThan(0, uri);
        var rest = uri[(schemeEnd + 3)..];
        var typeEnd = rest.IndexOf('/', StringComparison.Ordinal);
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        queryStart.ShouldBeGreaterThan(typeEnd, uri);
        var parameters = QueryHelpers.ParseQuery(rest[queryStart..]);
        parameters.Values.ShouldAllBe(v => v.Count == 1, "no parameter may be given twice");
        return new ParsedUri(
            uri[..schemeEnd], rest[..typeEnd], rest[(typeEnd + 1)..queryStart],
            parameters.ToDictionary(p => p.Key, p => p.Value.ToString()));
    }

    [Fact]
    public void The_uri_names_a_TOTP_key_for_the_issuer_and_account()
    {
        var uri = Parse(OtpAuthUri.For("MfaMonolith", "alice", Secret, digits: 6, periodSeconds: 30));

        uri.Scheme.ShouldBe("otpauth");
        uri.Type.ShouldBe("totp");
        uri.RawLabel.ShouldBe("MfaMonolith:alice");
    }

    [Fact]
    public void The_uri_carries_secret_issuer_algorithm_digits_and_period()
    {
        var uri = Parse(OtpAuthUri.For("MfaMonolith", "alice", Secret, digits: 6, periodSeconds: 30));

        uri.Parameters.Keys.ShouldBe(["secret", "issuer", "algorithm", "digits", "period"], ignoreOrder: true);
        uri.Parameters["issuer"].ShouldBe("MfaMonolith");
        uri.Parameters["algorithm"].ShouldBe("SHA1");
        uri.Parameters["digits"].ShouldBe("6");
        uri.Parameters["period"].ShouldBe("30");
    }

    [Fact]
    public void The_secret_is_unpadded_base32_of_the_secret_bytes()
    {
        var secret = Parse(OtpAuthUri.For("MfaMonolith", "alice", Secret, 6, 30)).Parameters["secret"];

        secret.ShouldMatch("^[A-Z2-7]+$");
        secret.ShouldNotContain('=');
        secret.Length.ShouldBe(32); // 160 bits in 5-bit characters
        Base32Encoding.ToBytes(secret).ShouldBe(Secret);
    }

    [Fact]
    public void Secrets_whose_base32_would_need_padding_are_sent_without_it()
    {
        var tenBytes = Convert.FromHexString("00112233445566778899"); // 80 bits: 16 characters, no padding
        var elevenBytes = Convert.FromHexString("00112233445566778899AA"); // 88 bits: 18 characters + 6 padding

        OtpAuthUri.Base32(tenBytes).Length.ShouldBe(16);
        OtpAuthUri.Base32(elevenBytes).ShouldNotContain('=');
        Base32Encoding.ToBytes(OtpAuthUri.Base32(elevenBytes)).ShouldBe(elevenBytes);
    }

    [Theory]
    [InlineData("alice@example.org", "alice%40example.org")]
    [InlineData("alice smith", "alice%20smith")]
    [InlineData("zoë", "zo%C3%AB")]
    [InlineData("田中", "%E7%94%B0%E4%B8%AD")]
    [InlineData("a:b", "a%3Ab")]
    [InlineData("a&secret=AAAA", "a%26secret%3DAAAA")]
    [InlineData("a/b?c#d", "a%2Fb%3Fc%23d")]
    public void Special_characters_in_the_account_are_percent_encoded(string account, string encoded)
    {
        var uri = Parse(OtpAuthUri.For("MfaMonolith", account, Secret, 6, 30));

        uri.RawLabel.ShouldBe("MfaMonolith:" + encoded);
        uri.RawLabel.ShouldMatch("^[A-Za-z0-9._~%-]+:[A-Za-z0-9._~%-]+$", "one raw ':' between issuer and account, everything else unreserved or escaped");
        uri.Label.ShouldBe("MfaMonolith:" + account);
        uri.Parameters["secret"].ShouldBe(OtpAuthUri.Base32(Secret), "an account cannot inject parameters");
    }

    [Fact]
    public void An_issuer_with_spaces_is_encoded_in_the_label_and_in_its_parameter()
    {
        var raw = OtpAuthUri.For("Example Co", "alice", Secret, 6, 30);
        var uri = Parse(raw);

        raw.ShouldNotContain(' ');
        uri.RawLabel.ShouldBe("Example%20Co:alice");
        uri.Label.ShouldBe("Example Co:alice");
        uri.Parameters["issuer"].ShouldBe("Example Co");
    }

    [Fact]
    public void The_digits_and_period_of_the_token_are_carried()
    {
        var uri = Parse(OtpAuthUri.For("MfaMonolith", "alice", Secret, digits: 8, periodSeconds: 60));

        uri.Parameters["digits"].ShouldBe("8");
        uri.Parameters["period"].ShouldBe("60");
    }

    [Fact]
    public void The_grouped_secret_is_groups_of_four_that_join_back_to_the_secret()
    {
        var base32 = OtpAuthUri.Base32(Secret);

        var grouped = OtpAuthUri.Grouped(base32);

        var groups = grouped.Split(' ');
        groups.Length.ShouldBe(8);
        groups.ShouldAllBe(g => g.Length == 4);
        string.Concat(groups).ShouldBe(base32);
    }

    [Fact]
    public void A_secret_that_is_not_a_multiple_of_four_ends_with_a_shorter_group() =>
        OtpAuthUri.Grouped("ABCDEFGHIJ").ShouldBe("ABCD EFGH IJ");
}
