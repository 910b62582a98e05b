package dev.netkit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** TCP service names by port, from the system's services file, as {@code nc -zv} names them: {@code 22} is {@code ssh}. */
final class ServiceNames {

    private static final Path SERVICES = Path.of("/etc/services");

    private final Map<Integer, String> names;

    private ServiceNames(Map<Integer, String> names) {
        this.names = names;
    }

    /**
     * The system's TCP service names; none when the file is missing or unreadable.
     *
     * @return the names
     */
    static ServiceNames system() {
        Map<Integer, String> names = new HashMap<>();
        if (Files.isReadable(SERVICES)) {
            try (BufferedReader lines = Files.newBufferedReader(SERVICES, StandardCharsets.ISO_8859_1)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    String[] fields = line.replaceFirst("#.*", "").trim().split("\\s+");
                    if (fields.length >= 2 && fields[1].endsWith("/tcp")) {
                        try {
                            names.putIfAbsent(Integer.parseInt(fields[1].substring(0, fields[1].length() - 4)), fields[0]);
                        } catch (NumberFormatException e) {
                            // not a port: skip the line
                        }
                    }
                }
            } catch (IOException e) {
                // names are a nicety: report ports without them
            }
        }
        return new ServiceNames(names);
    }

    /**
     * The service's name.
     *
     * @param port a TCP port
     * @return its name, or {@code *} when it has none
     */
    String name(int port) {
        return names.getOrDefault(port, "*");
    }
}
