package dev.netkit.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The PORT of {@code connect}: one port, or with {@code -z} a list of ports and ranges such as
 * {@code 20-25,80}, in the order given, each once.
 *
 * @param ports at least one, each 1-65535
 */
record PortList(List<Integer> ports) {

    /** Whether this is a single port, as a connection needs. */
    boolean isSingle() {
        return ports.size() == 1;
    }

    /** The one port. */
    int single() {
        return ports.getFirst();
    }

    /** Reads {@code PORT}, {@code FIRST-LAST} and comma-separated lists of them. */
    static final class Converter implements ITypeConverter<PortList> {
        private final IntRange.Port port = new IntRange.Port();

        @Override
        public PortList convert(String value) {
            Set<Integer> ports = new LinkedHashSet<>();
            for (String part : value.split(",", -1)) {
                int dash = part.indexOf('-');
                if (dash < 0) {
                    ports.add(port.convert(part));
                    continue;
                }
                int first = port.convert(part.substring(0, dash));
                int last = port.convert(part.substring(dash + 1));
                if (first > last) {
                    throw new TypeConversionException("'" + part + "' is not a range (FIRST-LAST, FIRST <= LAST)");
                }
                for (int p = first; p <= last; p++) {
                    ports.add(p);
                }
            }
            return new PortList(List.copyOf(ports));
        }
    }
}
