package dev.netkit.cli;

import dev.netkit.AddressRange;
import dev.netkit.Server;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Who may connect to a {@code serve} command's server: address lists, per-address limits, a Unix socket's mode. */
final class AccessOptions implements UsageCheck {

    @Option(names = "--allow", paramLabel = "CIDR", converter = RangeConverter.class,
            description = "Let in only addresses in these ranges (repeatable; 10.0.0.0/8, 2001:db8::/32, 192.0.2.7).")
    List<AddressRange> allow = new ArrayList<>();

    @Option(names = "--deny", paramLabel = "CIDR", converter = RangeConverter.class,
            description = "Refuse addresses in these ranges, even allowed ones (repeatable).")
    List<AddressRange> deny = new ArrayList<>();

    @Option(names = "--allow-file", paramLabel = "FILE", description = "--allow each range in FILE, one a line (# starts a comment).")
    Path allowFile;

    @Option(names = "--deny-file", paramLabel = "FILE", description = "--deny each range in FILE, one a line (# starts a comment).")
    Path denyFile;

    @Option(names = "--max-per-address", paramLabel = "N", converter = IntRange.AtLeastOne.class,
            description = "Connections one client address may have open at once; more are refused.")
    Integer maxPerAddress;

    @Option(names = "--max-rate", paramLabel = "N/s", converter = RateConverter.class,
            description = "Connections one client address may open a second (a burst of N, then N a second); more are refused.")
    Integer maxRate;

    @Option(names = "--unix-mode", paramLabel = "MODE", converter = ModeConverter.class,
            description = "With --unix: the socket file's permission bits, in octal (0660: owner and group only).")
    Set<PosixFilePermission> unixMode;

    private final List<AddressRange> allowed = new ArrayList<>();
    private final List<AddressRange> denied = new ArrayList<>();

    @Override
    public void check(GivenOptions given) {
        given.requiredBy("--unix", "--unix-mode");
        for (String option : List.of("--allow", "--deny", "--allow-file", "--deny-file", "--max-per-address", "--max-rate")) {
            given.apart(option, "--unix", "a Unix socket's peers have no address; --unix-mode says who may connect");
            given.apart(option, "--udp", "a UDP service has no connections to refuse");
        }
        allowed.clear();
        allowed.addAll(allow);
        allowed.addAll(read(allowFile, "--allow-file", given));
        denied.clear();
        denied.addAll(deny);
        denied.addAll(read(denyFile, "--deny-file", given));
    }

    /** The ranges listed in {@code file}, one a line; a usage error names the file and line of a bad one. */
    private static List<AddressRange> read(Path file, String option, GivenOptions given) {
        if (file == null) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw given.error(option + ": no such file: " + file);
        } catch (IOException e) {
            throw given.error(option + ": cannot read " + file + ": " + e.getMessage());
        }
        List<AddressRange> ranges = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String text = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                ranges.add(AddressRange.parse(text));
            } catch (IllegalArgumentException e) {
                throw given.error(option + ": " + file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return ranges;
    }

    /** Adds the rules to {@code builder}. */
    Server.Builder configure(Server.Builder builder) {
        allowed.forEach(builder::allow);
        denied.forEach(builder::deny);
        if (maxPerAddress != null) {
            builder.maxConnectionsPerAddress(maxPerAddress);
        }
        if (maxRate != null) {
            builder.maxAcceptRatePerAddress(maxRate);
        }
        if (unixMode != null) {
            builder.unixSocketPermissions(unixMode);
        }
        return builder;
    }

    /** An address range: {@code ADDRESS/PREFIX} or one address. */
    static final class RangeConverter implements ITypeConverter<AddressRange> {
        @Override
        public AddressRange convert(String value) {
            try {
                return AddressRange.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code N/s} or {@code N}: connections a second, at least one. */
    static final class RateConverter implements ITypeConverter<Integer> {
        private static final Pattern FORM = Pattern.compile("(\\d{1,9})(/s)?");

        @Override
        public Integer convert(String value) {
            Matcher m = FORM.matcher(value.strip());
            if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
                throw new TypeConversionException("'" + value + "' is not a rate (N/s, N at least 1)");
            }
            return Integer.parseInt(m.group(1));
        }
    }

    /** Octal permission bits, {@code 0660} or {@code 660}: read, write and execute for owner, group, others. */
    static final class ModeConverter implements ITypeConverter<Set<PosixFilePermission>> {
        private static final Pattern FORM = Pattern.compile("0?[0-7]{3}");
        // In the order of the bits, from 0400 down to 0001.
        private static final PosixFilePermission[] BITS = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE,
        };

        @Override
        public Set<PosixFilePermission> convert(String value) {
            if (!FORM.matcher(value.strip()).matches()) {
                throw new TypeConversionException("'" + value + "' is not an octal mode such as 0660");
            }
            int mode = Integer.parseInt(value.strip(), 8);
            Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
            for (int i = 0; i < BITS.length; i++) {
                if ((mode & (0400 >> i)) != 0) {
                    permissions.add(BITS[i]);
                }
            }
            return permissions;
        }
    }
}
