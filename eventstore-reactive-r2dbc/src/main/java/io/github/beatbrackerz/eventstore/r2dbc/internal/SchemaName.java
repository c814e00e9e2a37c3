package io.github.beatbrackerz.eventstore.r2dbc.internal;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import java.util.regex.Pattern;

/**
 * A validated PostgreSQL schema name. Only lower-case identifiers that need no quoting are
 * accepted, so the name can be placed into SQL text safely.
 *
 * @param value the schema name
 */
public record SchemaName(String value) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** The schema used when none is configured. */
    public static final SchemaName PUBLIC = new SchemaName("public");

    /**
     * Validates the name.
     *
     * @param value the schema name
     * @throws ValidationException (field {@code schema}) unless it matches {@code [a-z_][a-z0-9_]{0,62}}
     */
    public SchemaName {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new ValidationException("schema", "must match [a-z_][a-z0-9_]{0,62}, was " + (value == null ? "null" : "'" + value + "'"));
        }
    }

    /**
     * Qualifies a table name.
     *
     * @param table an unquoted table name
     * @return {@code schema.table}
     */
    public String table(String table) {
        return value + "." + table;
    }

    /**
     * Replaces every {@code ${schema}} placeholder in SQL text with this name.
     *
     * @param sql SQL text with placeholders
     * @return the SQL text for this schema
     */
    public String apply(String sql) {
        return sql.replace("${schema}", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
