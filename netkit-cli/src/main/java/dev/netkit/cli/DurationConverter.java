package dev.netkit.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, or {@code 0} (off). */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration (examples: 500ms, 10s, 5m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** As {@link DurationConverter}, for a time that must pass: 0 is out of range. */
    static final class Positive implements ITypeConverter<Duration> {

        private final DurationConverter any = new DurationConverter();

        @Override
        public Duration convert(String value) {
            Duration duration = any.convert(value);
            if (duration.isZero()) {
                throw new TypeConversionException("'" + value + "' is out of range (more than 0)");
            }
            return duration;
        }
    }
}
