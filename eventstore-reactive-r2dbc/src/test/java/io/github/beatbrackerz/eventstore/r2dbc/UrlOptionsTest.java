package io.github.beatbrackerz.eventstore.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.beatbrackerz.eventstore.error.ValidationException;
import org.junit.jupiter.api.Test;

class UrlOptionsTest {

    @Test
    void poolsByDefaultAndKeepsDriverOptionsButNotTheStoresOwn() {
        UrlOptions parsed = UrlOptions.parse("r2dbc:postgresql://u@h:5432/db?schema=es&pageSize=50&publisher=false&preparedStatementCacheQueries=0&maxSize=7");

        assertThat(parsed.driverUrl()).isEqualTo("r2dbc:pool:postgresql://u@h:5432/db?schema=es&preparedStatementCacheQueries=0&maxSize=7&acquireRetry=7");
        assertThat(parsed.options()).containsEntry("pageSize", "50").containsEntry("publisher", "false").containsEntry("schema", "es");
    }

    @Test
    void leavesAnExplicitPoolUrlAsItIsButForTheAcquireRetries() {
        assertThat(UrlOptions.parse("r2dbc:pool:postgresql://u@h/db").driverUrl()).isEqualTo("r2dbc:pool:postgresql://u@h/db?acquireRetry=10");
    }

    @Test
    void retriesAcquiringPastEveryIdleConnectionUnlessToldOtherwise() {
        assertThat(UrlOptions.parse("r2dbc:postgresql://u@h/db").driverUrl()).endsWith("?acquireRetry=10");
        assertThat(UrlOptions.parse("r2dbc:postgresql://u@h/db?maxSize=3").driverUrl()).endsWith("?maxSize=3&acquireRetry=3");
        assertThat(UrlOptions.parse("r2dbc:postgresql://u@h/db?acquireRetry=0&maxSize=3").driverUrl()).endsWith("?acquireRetry=0&maxSize=3");
    }

    @Test
    void namesAnUnknownOption() {
        assertThatThrownBy(() -> UrlOptions.parse("r2dbc:postgresql://u@h/db?sslmode=require&pagesize=3"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("pagesize"))
                .hasMessageStartingWith("pagesize is not a known URL option");
    }

    @Test
    void namesAnOptionWithABadValue() {
        assertThatThrownBy(() -> UrlOptions.parse("r2dbc:postgresql://u@h/db?maxSize=ten"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxSize"));
        assertThatThrownBy(() -> UrlOptions.parse("r2dbc:postgresql://u@h/db?publisher=yes"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("publisher"));
        assertThatThrownBy(() -> UrlOptions.parse("r2dbc:postgresql://u@h/db?connectTimeout=10s"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("connectTimeout"));
        assertThatThrownBy(() -> R2dbcEventStores.connect("r2dbc:postgresql://u@h/db?schema=Bad-Name"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("schema"));
        assertThatThrownBy(() -> R2dbcEventStores.connect("r2dbc:postgresql://u@h/db?pageSize=0"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("pageSize"));
    }

    @Test
    void rejectsWhatIsNotAnR2dbcUrl() {
        assertThatThrownBy(() -> UrlOptions.parse("jdbc:postgresql://h/db"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("url"));
    }
}
