package dev.netkit.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a whole number within bounds: a value out of range is a usage error that picocli words
 * with the option's name, before any of it reaches the library.
 */
abstract class IntRange implements ITypeConverter<Integer> {

    private final int min;
    private final int max;

    IntRange(int min, int max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public Integer convert(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new TypeConversionException("'" + value + "' is out of range ("
                    + (max == Integer.MAX_VALUE ? min + " or more" : min + "-" + max) + ")");
        }
        return n;
    }

    /** A count of things of which there must be one: connections, threads, days. */
    static final class AtLeastOne extends IntRange {
        AtLeastOne() {
            super(1, Integer.MAX_VALUE);
        }
    }

    /** A rate or count where 0 means none, or no limit. */
    static final class AtLeastZero extends IntRange {
        AtLeastZero() {
            super(0, Integer.MAX_VALUE);
        }
    }

    /** A port to listen on; 0 asks the system for a free one. */
    static final class ListenPort extends IntRange {
        ListenPort() {
            super(0, 65_535);
        }
    }

    /** A port to connect to. */
    static final class Port extends IntRange {
        Port() {
            super(1, 65_535);
        }
    }
}
