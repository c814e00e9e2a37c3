package io.github.beatbrackerz.eventstore.reliability;

import java.util.List;
import java.util.Random;

/**
 * Hostile strings for ids and types: a fixed list of known troublemakers (quotes, SQL fragments,
 * LIKE and glob metacharacters, Redis key separators, unicode incl. astral plane and
 * normalisation twins, NUL, unpaired surrogates, blanks, length limits, a 1 MB string) and a
 * seeded random generator mixing them. {@link #valid} is the oracle: what the API must accept.
 */
final class HostileStrings {

    static final int MAX_NAME = 255;

    static final List<String> FIXED = List.of(
            "'", "''", "\"", "'; DROP TABLE events; --", "1' OR '1'='1", "\\", "\\'", "$1", "$$", "${schema}", "::jsonb",
            "%", "_", "%%", "a%b", "a_b", "*", "?", "[ab]", "{x}", "es:", ":", "a:b", "*:*",
            "\u00e9", "e\u0301", "\ud835\udd18\ud835\udd2b\ud835\udd26", "\ud83d\ude00", "\ufeff", "\u202e", "\u200b",
            " lead", "trail ", "a b", "\t", "\n", "a\nb", "\r\n", "NULL", "null", "true", "0", "-1",
            "\u0000", "a\u0000b", "\ud800", "\udc00x", "x\ud83d", "", " ",
            "a".repeat(MAX_NAME), "a".repeat(MAX_NAME + 1), "\ud835\udd18".repeat(127), "\ud835\udd18".repeat(128),
            "x".repeat(1 << 20));

    private static final String PIECES = "'\"\\%_*?[]{}:;$-/ aZ0\u00e9\u4e2d\u0301\u202e";

    private final Random random;

    HostileStrings(Random random) {
        this.random = random;
    }

    /** @return a fixed troublemaker or a random mix, occasionally with NUL or an unpaired surrogate */
    String next() {
        if (random.nextInt(3) == 0) {
            return FIXED.get(random.nextInt(FIXED.size()));
        }
        StringBuilder out = new StringBuilder();
        int length = 1 + random.nextInt(40);
        for (int i = 0; i < length; i++) {
            int roll = random.nextInt(20);
            if (roll == 0) {
                out.appendCodePoint(0x10000 + random.nextInt(0xFFFF));
            } else if (roll == 1 && random.nextInt(4) == 0) {
                out.append(random.nextBoolean() ? '\u0000' : '\ud800');
            } else if (roll == 2) {
                out.append((char) (0x20 + random.nextInt(0xD7FF - 0x20)));
            } else {
                out.append(PIECES.charAt(random.nextInt(PIECES.length())));
            }
        }
        return out.toString();
    }

    /** The API's rule for names: not blank, at most 255 UTF-16 units, no NUL, no unpaired surrogate. */
    static boolean valid(String value) {
        if (value.isBlank() || value.length() > MAX_NAME) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return false;
            }
            if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A string that a LIKE pattern or a Redis glob made from {@code value} would also match; equal to it when there is none. */
    static String decoyFor(String value) {
        return value.replace("%", "Ab").replace("_", "Z").replace("*", "Q").replace("?", "R").replace("[ab]", "a");
    }

    /** Shortens a value for messages. */
    static String show(String value) {
        String escaped = value.codePoints().limit(40).collect(StringBuilder::new,
                (b, cp) -> b.append(cp < 0x20 || (cp >= 0xD800 && cp <= 0xDFFF) ? String.format("\\u%04x", cp) : new String(Character.toChars(cp))),
                StringBuilder::append).toString();
        return "\"" + escaped + (value.length() > 40 ? "…(" + value.length() + " chars)" : "") + "\"";
    }
}
