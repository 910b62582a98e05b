package dev.netkit.bench;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One JSON object, written field by field in the order given: enough for the report, which has
 * strings, numbers, booleans, nulls and one nested object. Doubles have three decimals; one that is not
 * finite is {@code null}.
 */
final class Json {

    private final StringBuilder b = new StringBuilder();

    Json put(String name, String value) {
        name(name);
        quote(value);
        return this;
    }

    Json put(String name, long value) {
        name(name).append(value);
        return this;
    }

    Json put(String name, double value) {
        name(name).append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null");
        return this;
    }

    Json put(String name, boolean value) {
        name(name).append(value);
        return this;
    }

    Json put(String name, OptionalDouble value) {
        return value.isPresent() ? put(name, value.getAsDouble()) : putNull(name);
    }

    /** A field whose value is absent: {@code null}, never a made-up number. */
    Json putNull(String name) {
        name(name).append("null");
        return this;
    }

    Json put(String name, Json object) {
        name(name).append(object);
        return this;
    }

    @Override
    public String toString() {
        return "{" + b + "}";
    }

    private StringBuilder name(String name) {
        if (!b.isEmpty()) {
            b.append(',');
        }
        quote(name);
        return b.append(':');
    }

    private void quote(String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
