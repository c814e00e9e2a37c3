/**
 * Test support shared through this module's test-jar: {@link
 * io.github.beatbrackerz.eventstore.r2dbc.test.PostgresTestDatabase}, the one JUnit extension that
 * decides where the test PostgreSQL comes from and gives each test class a schema of its own.
 */
@NullMarked
package io.github.beatbrackerz.eventstore.r2dbc.test;

import org.jspecify.annotations.NullMarked;
