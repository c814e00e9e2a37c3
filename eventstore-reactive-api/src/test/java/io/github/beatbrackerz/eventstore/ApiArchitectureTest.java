package io.github.beatbrackerz.eventstore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The API module is thin: its main classes depend on no adapter and no driver. */
class ApiArchitectureTest {

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.github.beatbrackerz.eventstore");

    @Test
    void mainClassesImportNoAdapterOrDriver() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "..r2dbc..", "..redis..", "io.r2dbc..", "io.lettuce..", "io.netty..", "org.testcontainers..")
                .because("the API module must stay independent of adapters (STYLE.md item 1)")
                .check(MAIN_CLASSES);
    }

    @Test
    void theRootPackageDependsOnNoImplementationPackage() {
        noClasses().that().resideInAPackage("io.github.beatbrackerz.eventstore")
                .should().dependOnClassesThat().resideInAnyPackage("io.github.beatbrackerz.eventstore.memory..")
                .because("the service must not depend on the in-memory adapters it is tested with")
                .check(MAIN_CLASSES);
    }
}
