package io.github.beatbrackerz.eventstore.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what Java source code splices into SQL text. A statement counts as SQL when one of its
 * string literals holds an upper-case SQL keyword; its spliced operands are the expressions next
 * to a {@code +} and the non-literal arguments of {@code .append(...)}. A heuristic, not a
 * parser: it is meant to make every new splice visible in review, together with the runtime
 * proof that hostile values round-trip literally ({@link InputFuzzIntegrationTest}).
 */
final class SqlSourceScanner {

    /** One spliced operand. */
    record Splice(String file, int line, String operand, String statement) {
        @Override
        public String toString() {
            return file + ":" + line + " splices `" + operand + "` into: " + statement;
        }
    }

    private static final Pattern SQL = Pattern.compile("\\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|LISTEN|NOTIFY|CREATE|ALTER|DROP|WHERE)\\b");
    private static final String OPERAND = "([A-Za-z_][\\w.]*(?:\\((?:[^()]|\\([^()]*\\))*\\))?(?:\\.[A-Za-z_]\\w*(?:\\([^()]*\\))?)*)";
    private static final Pattern AFTER_PLUS = Pattern.compile("\\+\\s*" + OPERAND);
    private static final Pattern BEFORE_PLUS = Pattern.compile(OPERAND + "\\s*\\+");
    private static final Pattern APPEND = Pattern.compile("\\.append\\(\\s*" + OPERAND + "\\s*\\)");

    private SqlSourceScanner() {
    }

    static List<Splice> scan(String file, String source) {
        List<Splice> splices = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        StringBuilder literals = new StringBuilder();
        int line = 1;
        int statementLine = 1;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '/') {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                line += count(source.substring(i, end), '\n');
                i = end;
                continue;
            }
            if (c == '"' || c == '\'') {
                int end = endOfLiteral(source, i);
                literals.append(source, i, end).append(' ');
                String literal = source.substring(i, end);
                // a bare identifier literal (a table name) stays visible, so schema.table("events") can be recognised
                code.append(literal.matches("\"[a-z_]+\"") ? literal : c == '"' ? "\"S\"" : "'C'");
                line += count(source.substring(i, end), '\n');
                i = end;
                continue;
            }
            if (c == ';' || c == '{' || c == '}') {
                check(file, statementLine, code.toString(), literals.toString(), splices);
                code.setLength(0);
                literals.setLength(0);
                statementLine = line;
            } else {
                code.append(c);
            }
            if (c == '\n') {
                line++;
                if (code.toString().isBlank()) {
                    statementLine = line;
                }
            }
            i++;
        }
        return splices;
    }

    private static void check(String file, int line, String code, String literals, List<Splice> out) {
        if (!SQL.matcher(literals).find()) {
            return;
        }
        String statement = code.replaceAll("\\s+", " ").trim();
        for (Pattern pattern : List.of(AFTER_PLUS, BEFORE_PLUS, APPEND)) {
            Matcher m = pattern.matcher(statement);
            while (m.find()) {
                String operand = m.group(1);
                Splice splice = new Splice(file, line, operand, statement.length() > 160 ? statement.substring(0, 160) + "…" : statement);
                if (!operand.equals("S") && !operand.matches("\\d+") && !out.contains(splice)) {
                    out.add(splice);
                }
            }
        }
    }

    private static int endOfLiteral(String source, int start) {
        char quote = source.charAt(start);
        if (quote == '"' && source.startsWith("\"\"\"", start)) {
            int end = source.indexOf("\"\"\"", start + 3);
            return end < 0 ? source.length() : end + 3;
        }
        int i = start + 1;
        while (i < source.length() && source.charAt(i) != quote) {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, source.length());
    }

    private static int count(String text, char c) {
        return (int) text.chars().filter(ch -> ch == c).count();
    }
}
