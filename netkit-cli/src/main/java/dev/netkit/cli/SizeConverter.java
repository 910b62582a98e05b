package dev.netkit.cli;

import picocli.CommandLine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a byte count: {@code 64}, {@code 64k} or {@code 64KiB} (1,024 bytes a k), {@code 1m}. */
final class SizeConverter implements CommandLine.ITypeConverter<Integer> {

    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib)?");

    @Override
    public Integer convert(String value) {
        Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a size (examples: 64, 16k, 1m)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long bytes = switch (unit.charAt(0)) {
            case 'k' -> n * 1024;
            case 'm' -> n * 1024 * 1024;
            default -> n;
        };
        if (bytes > 64L * 1024 * 1024) {
            throw new CommandLine.TypeConversionException("'" + value + "' is larger than 64m");
        }
        return (int) bytes;
    }
}
