using MfaMonolith.Modules.Tokens.Domain;
using Microsoft.Extensions.Options;
using QRCoder;

namespace MfaMonolith.Modules.Tokens.Features.GetPendingEnrollment;

/// <summary>What the enrolment step shows: the only place the secret ever leaves the server.</summary>
internal sealed record PendingEnrollmentView(
    Guid TokenId,
    string Description,
    string OtpAuthUri,
    string Secret,
    string SecretGrouped,
    string QrCodePngDataUri,
    DateTimeOffset ExpiresAt);

internal sealed class PendingEnrollmentViewFactory(IOptions<TotpOptions> options)
{
    public PendingEnrollmentView Create(TotpToken token, byte[] secret)
    {
        var uri = OtpAuthUri.For(options.Value.Issuer, token.UserId, secret, token.Digits, token.PeriodSeconds);
        var base32 = OtpAuthUri.Base32(secret);
        using var qr = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(qr).GetGraphic(6);
        return new PendingEnrollmentView(
            token.Id, token.Description, uri, base32, OtpAuthUri.Grouped(base32),
            "data:image/png;base64," + Convert.ToBase64String(png), token.PendingUntil);
    }
}
