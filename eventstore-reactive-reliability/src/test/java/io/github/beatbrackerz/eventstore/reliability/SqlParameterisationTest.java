package io.github.beatbrackerz.eventstore.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every SQL statement of the PostgreSQL adapter is parameterised: the only things spliced into SQL
 * text are the validated schema name (through {@code SchemaName}), the validated LISTEN/NOTIFY
 * channel (an identifier; LISTEN takes no parameters), column lists and placeholders built from
 * constants. Every other value is bound. A new splice fails this test until it is reviewed and
 * listed here with the reason it is safe.
 */
class SqlParameterisationTest {

    private static final Path R2DBC_SOURCES = Path.of("..", "eventstore-reactive-r2dbc", "src", "main", "java");
    private static final Path R2DBC_MIGRATIONS = Path.of("..", "eventstore-reactive-r2dbc", "src", "main", "resources");

    /** Operands allowed in SQL text anywhere, and why. */
    private static final List<Pattern> SAFE_EVERYWHERE = List.of(
            Pattern.compile("schema\\.table\\(\"[a-z_]+\"\\)"), // SchemaName: validated [a-z_][a-z0-9_]{0,62}, literal table
            Pattern.compile("schema(\\.value\\(\\))?"),         // SchemaName, validated
            Pattern.compile("(EventRowMapper\\.)?COLUMNS"),     // constant column lists
            Pattern.compile("[A-Z][A-Z0-9_]*"),                 // other constants (e.g. the xid8 watermark expression)
            Pattern.compile("param\\(args, .*\\)"),             // returns the placeholder $n and binds the value
            // durable subscriptions: DurableTables' fields are schema.table(...) of literal names; nextToken is
            // nextval('<schema.table>'); fairShare() and nowPlusMillis(n) build SQL from those and placeholders only
            Pattern.compile("tables\\.(segments|members|deadLetters|nextToken|fairShare\\(\\))"),
            Pattern.compile("DurableTables\\.([A-Z][A-Z0-9_]*|nowPlusMillis\\(\\d+\\))"));

    /** Operands allowed in one file only, and why. */
    private static final Map<String, Pattern> SAFE_IN_FILE = Map.ofEntries(
            Map.entry("EventRowMapper.java", Pattern.compile("p|alias")),                // table alias, passed as literals by the SQL classes
            Map.entry("EventPageQuery.java", Pattern.compile("events")),                 // = schema.table("events")
            Map.entry("NotificationListener.java", Pattern.compile("channel")),          // SubscriptionOptions: validated identifier
            Map.entry("NotifySender.java", Pattern.compile("channel")),                  // idem
            Map.entry("QuerySql.java", Pattern.compile("where|key|args\\.size\\(\\)")),  // WHERE of placeholders; key is one of two column names
            Map.entry("SchemaName.java", Pattern.compile("value|table")),                // the validated schema itself
            Map.entry("SchemaInitializer.java", Pattern.compile("name|schema\\.apply\\(.*\\)")),
            Map.entry("DurableTables.java", Pattern.compile("members|segments")),        // its own schema.table(...) fields
            Map.entry("Checkpoints.java", Pattern.compile("later")),                     // a constant comparison of placeholders $5, $6
            Map.entry("SegmentStatusQuery.java", Pattern.compile("select")),             // its own SELECT, built from tables.* only
            Map.entry("RebaseSql.java", Pattern.compile("counter|floor|rebases")),       // long values (a number cannot inject) and schema.table(...)
            Map.entry("PositionTranslator.java", Pattern.compile("rebases")),            // = schema.table("position_rebases")
            Map.entry("PostgresLagProbe.java", Pattern.compile("events|where")));        // schema.table("events"); a WHERE of placeholders

    @Test
    void everySqlSpliceInTheR2dbcAdapterIsAValidatedIdentifierOrAConstant() throws IOException {
        List<SqlSourceScanner.Splice> all = new ArrayList<>();
        List<SqlSourceScanner.Splice> unsafe = new ArrayList<>();
        try (Stream<Path> files = Files.walk(R2DBC_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (SqlSourceScanner.Splice splice : SqlSourceScanner.scan(file.getFileName().toString(), Files.readString(file))) {
                    all.add(splice);
                    if (!safe(splice)) {
                        unsafe.add(splice);
                    }
                }
            }
        }
        System.out.println("[security] SQL splices found in the r2dbc module: " + all.size() + ", not on the reviewed list: " + unsafe.size());
        unsafe.forEach(s -> System.out.println("[security]   " + s));
        assertThat(all).as("the scanner sees the adapter's SQL (else it proves nothing)").hasSizeGreaterThan(10);
        assertThat(unsafe).isEmpty();
    }

    @Test
    void theScannerFlagsAValueConcatenatedIntoSql() {
        String bad = "class X { String q(String aggregateId) { return \"SELECT * FROM events WHERE aggregate_id = '\" + aggregateId + \"'\"; } }";
        String alsoBad = "class Y { void q(StringBuilder b, String t) { b.append(\" WHERE type = \").append(t); } }";
        String message = "class Z { String m(String v) { return \"must match, was \" + v; } }";
        assertThat(SqlSourceScanner.scan("X.java", bad)).extracting(SqlSourceScanner.Splice::operand).contains("aggregateId");
        assertThat(SqlSourceScanner.scan("Y.java", alsoBad)).extracting(SqlSourceScanner.Splice::operand).contains("t");
        assertThat(SqlSourceScanner.scan("Z.java", message)).isEmpty();
    }

    @Test
    void migrationsSpliceNothingButTheSchemaPlaceholder() throws IOException {
        Pattern placeholder = Pattern.compile("\\$\\{([^}]*)}");
        int files = 0;
        try (Stream<Path> paths = Files.walk(R2DBC_MIGRATIONS)) {
            for (Path file : paths.filter(f -> f.toString().endsWith(".sql")).toList()) {
                files++;
                Matcher m = placeholder.matcher(Files.readString(file));
                while (m.find()) {
                    assertThat(m.group(1)).as("placeholder in " + file).isEqualTo("schema");
                }
            }
        }
        assertThat(files).as("migration files found").isPositive();
    }

    private static boolean safe(SqlSourceScanner.Splice splice) {
        if (SAFE_EVERYWHERE.stream().anyMatch(p -> p.matcher(splice.operand()).matches())) {
            return true;
        }
        Pattern local = SAFE_IN_FILE.get(splice.file());
        return local != null && local.matcher(splice.operand()).matches();
    }
}
