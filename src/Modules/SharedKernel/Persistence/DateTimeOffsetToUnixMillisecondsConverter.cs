using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MfaMonolith.SharedKernel.Persistence;

public sealed class DateTimeOffsetToUnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.ToUnixTimeMilliseconds(),
    stored => DateTimeOffset.FromUnixTimeMilliseconds(stored));
