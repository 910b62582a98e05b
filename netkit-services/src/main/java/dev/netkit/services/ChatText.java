package dev.netkit.services;

import java.util.regex.Pattern;

/**
 * Makes a user's line safe to print on other users' terminals. Pure: no I/O, thread-safe.
 *
 * <p>A chat relays text from strangers to terminals, and a terminal obeys what it is sent: ANSI
 * escape sequences can move the cursor, recolour or clear the screen, retitle the window, and on
 * some terminals write to the clipboard; a carriage return lets a line overwrite an earlier one
 * (a forged notice), a BEL rings. So this removes, without replacement:
 * <ul>
 *   <li>ANSI escape sequences whole: CSI ({@code ESC [ ... final}), OSC ({@code ESC ] ...} up to
 *       BEL or {@code ESC \}), and two-character escapes ({@code ESC} and one of {@code @-_});</li>
 *   <li>every other C0 control character except tab, DEL, and the C1 controls U+0080-U+009F (which
 *       some terminals read as escapes too);</li>
 *   <li>the Unicode bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069), which can
 *       make a line read differently from what it contains.</li>
 * </ul>
 */
final class ChatText {

    private static final Pattern ESCAPES = Pattern.compile(
            "\u001B(?:\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?|[@-_])");

    private ChatText() {
    }

    /** {@code line} without escape sequences and control characters. */
    static String clean(String line) {
        String s = line.indexOf('\u001B') >= 0 ? ESCAPES.matcher(line).replaceAll("") : line;
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isUnsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length()).append(s, 0, i);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean isUnsafe(char c) {
        return (c < 0x20 && c != '\t')
                || (c >= 0x7F && c <= 0x9F)
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
