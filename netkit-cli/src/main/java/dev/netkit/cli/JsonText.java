package dev.netkit.cli;

/** Builds a JSON text by hand: the status page needs a few objects, not a JSON library. */
final class JsonText {

    private final StringBuilder out = new StringBuilder();
    private boolean first = true;

    JsonText open() {
        separate();
        out.append('{');
        first = true;
        return this;
    }

    JsonText close() {
        out.append('}');
        first = false;
        return this;
    }

    JsonText openArray(String name) {
        key(name);
        out.append('[');
        first = true;
        return this;
    }

    JsonText closeArray() {
        out.append(']');
        first = false;
        return this;
    }

    JsonText openObject(String name) {
        key(name);
        out.append('{');
        first = true;
        return this;
    }

    JsonText field(String name, String value) {
        key(name);
        quote(value);
        return this;
    }

    JsonText field(String name, long value) {
        key(name);
        out.append(value);
        return this;
    }

    JsonText field(String name, double value) {
        key(name);
        out.append(Double.isFinite(value) ? String.format(java.util.Locale.ROOT, "%.3f", value) : "0");
        return this;
    }

    private void key(String name) {
        separate();
        quote(name);
        out.append(':');
    }

    private void separate() {
        if (!first) {
            out.append(',');
        }
        first = false;
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        out.append(String.format("\\u%04x", (int) c)); // also safe inside HTML
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
