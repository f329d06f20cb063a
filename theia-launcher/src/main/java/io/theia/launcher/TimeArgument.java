package io.theia.launcher;

import io.theia.api.event.Timestamps;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a point in time: seconds since the epoch ({@code 1509989630.5}) or ISO-8601, local time when no zone. */
final class TimeArgument implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        try {
            return Timestamps.parse(value);
        } catch (IllegalArgumentException notSeconds) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant();
                } catch (DateTimeParseException notLocal) {
                    throw new TypeConversionException("'" + value + "' is neither seconds since the epoch nor an "
                            + "ISO-8601 date-time such as 2017-11-06T17:33:50 or 2017-11-06T17:33:50Z");
                }
            }
        }
    }
}
