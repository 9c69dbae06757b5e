package io.rnnc.runtime.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.OptionalDouble;

/**
 * Dates and times as spreadsheets and pandas write them: {@code 2024-01-01}, {@code 2024-01-01
 * 13:00}, {@code 2024-01-01T13:00:00.5}, with an optional offset ({@code Z}, {@code +01:00}), and
 * {@code /} for {@code -} in the date. A time without an offset is read as UTC: only the
 * differences between a column's times matter here.
 */
public final class DateTimes {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .appendValue(ChronoField.YEAR, 4)
            .optionalStart().appendLiteral('-').optionalEnd()
            .optionalStart().appendLiteral('/').optionalEnd()
            .appendValue(ChronoField.MONTH_OF_YEAR, 2)
            .optionalStart().appendLiteral('-').optionalEnd()
            .optionalStart().appendLiteral('/').optionalEnd()
            .appendValue(ChronoField.DAY_OF_MONTH, 2)
            .optionalStart()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalEnd()
            .toFormatter()
            // February 30th is no date: the default resolver would make it the 29th.
            .withResolverStyle(ResolverStyle.STRICT);

    private DateTimes() {
    }

    /** Seconds since 1970-01-01T00:00Z of {@code text}, or empty when it is not a date or time in these forms. */
    public static OptionalDouble seconds(String text) {
        String s = text.strip();
        // Fast rejection: numbers and words are far more common than dates in a data file's cells.
        if (s.length() < 8 || !Character.isDigit(s.charAt(0)) || s.indexOf('-') < 0 && s.indexOf('/') < 0) {
            return OptionalDouble.empty();
        }
        try {
            TemporalAccessor t = FORMAT.parse(s);
            LocalDate date = LocalDate.of(t.get(ChronoField.YEAR), t.get(ChronoField.MONTH_OF_YEAR),
                    t.get(ChronoField.DAY_OF_MONTH));
            LocalDateTime local = t.isSupported(ChronoField.HOUR_OF_DAY)
                    ? date.atTime(t.get(ChronoField.HOUR_OF_DAY), t.get(ChronoField.MINUTE_OF_HOUR),
                            t.isSupported(ChronoField.SECOND_OF_MINUTE) ? t.get(ChronoField.SECOND_OF_MINUTE) : 0,
                            t.isSupported(ChronoField.NANO_OF_SECOND) ? t.get(ChronoField.NANO_OF_SECOND) : 0)
                    : date.atStartOfDay();
            ZoneOffset offset = t.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(t.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
            OffsetDateTime at = local.atOffset(offset);
            return OptionalDouble.of(at.toEpochSecond() + at.getNano() / 1e9);
        } catch (java.time.DateTimeException e) {
            return OptionalDouble.empty();
        }
    }

    /** Whether {@code text} is a date or time in these forms. */
    public static boolean isDateTime(String text) {
        return seconds(text).isPresent();
    }
}
