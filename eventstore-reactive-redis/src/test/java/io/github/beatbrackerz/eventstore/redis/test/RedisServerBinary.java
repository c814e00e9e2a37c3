package io.github.beatbrackerz.eventstore.redis.test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The {@code redis-server} executable the test servers run, chosen once per JVM: the one on the
 * PATH when there is one, otherwise the binary bundled in embedded-redis for this OS and
 * architecture (Redis 6.2; extracted by embedded-redis's own {@link ExecutableProvider} to a temp
 * file that is deleted at JVM exit). {@value #VARIABLE} (or the system property
 * {@value #PROPERTY}) overrides the choice: {@code auto} (the default), {@code path},
 * {@code bundled}, or the path of an executable. Fails, never skips, when no binary is found.
 *
 * @param executable the executable
 * @param origin where it came from, for the log and error messages
 * @param version the version {@code redis-server --version} reports, e.g. {@code 6.2.11}
 */
record RedisServerBinary(Path executable, String origin, String version) {

    /** The environment variable choosing the binary. */
    static final String VARIABLE = "EVENTSTORE_TEST_REDIS_SERVER_BINARY";
    /** The system property choosing the binary; wins over {@link #VARIABLE}. */
    static final String PROPERTY = "eventstore.test.redis.server.binary";

    private static final Logger LOG = Loggers.getLogger(RedisServerBinary.class);
    private static final Pattern VERSION = Pattern.compile("v=(\\d+(?:\\.\\d+)+)");
    private static @Nullable RedisServerBinary resolved;

    /** @return the binary, resolved (and for the bundled one extracted) on first call */
    static synchronized RedisServerBinary get() {
        RedisServerBinary binary = resolved;
        if (binary == null) {
            binary = resolve();
            LOG.info("Test Redis servers run redis-server {} from {} ({})", binary.version(), binary.executable(), binary.origin());
            resolved = binary;
        }
        return binary;
    }

    /** @return the {@code redis-server} on the PATH, if any */
    static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "redis-server"))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    private static RedisServerBinary resolve() {
        return resolve(System.getProperty(PROPERTY), System.getenv(VARIABLE));
    }

    /**
     * @param property the value of {@link #PROPERTY}, if set
     * @param variable the value of {@link #VARIABLE}, if set
     * @return the binary these settings choose (the bundled one extracted afresh)
     */
    static RedisServerBinary resolve(@Nullable String property, @Nullable String variable) {
        String choice = property != null && !property.isBlank() ? property.strip()
                : variable != null && !variable.isBlank() ? variable.strip() : "auto";
        String source = property != null && !property.isBlank() ? "-D" + PROPERTY + "=" + choice
                : variable != null && !variable.isBlank() ? VARIABLE + "=" + choice : null;
        switch (choice.toLowerCase(Locale.ROOT)) {
            case "auto" -> {
                Optional<Path> path = onPath();
                return path.isPresent() ? of(path.get(), "the PATH") : bundled(
                        "no redis-server on the PATH" + (source == null ? "" : ", " + source));
            }
            case "path" -> {
                Path path = onPath().orElseThrow(() -> new IllegalStateException(source
                        + " asks for the redis-server on the PATH, but there is none on PATH=" + System.getenv("PATH")));
                return of(path, "the PATH, " + source);
            }
            case "bundled" -> {
                return bundled("forced by " + source);
            }
            default -> {
                Path path = Path.of(choice);
                if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                    throw new IllegalStateException(source + " names no executable file; use auto, path, bundled "
                            + "or the path of a redis-server");
                }
                return of(path, source);
            }
        }
    }

    private static RedisServerBinary bundled(String why) {
        OsArchitecture platform;
        try {
            platform = OsArchitecture.detectOSandArchitecture();
        } catch (RuntimeException e) {
            throw noBinary(why, "embedded-redis cannot tell this platform (" + platformName() + "): " + e, e);
        }
        String resource = ExecutableProvider.newProvidedVersionsMap().get(platform);
        if (resource == null || RedisServerBinary.class.getResource(resource) == null) {
            throw noBinary(why, "embedded-redis bundles no redis-server for " + platformName(), null);
        }
        File extracted;
        try {
            extracted = ExecutableProvider.newJarResourceProvider().get();
        } catch (IOException e) {
            throw noBinary(why, "extracting embedded-redis's " + resource + " failed: " + e, e);
        }
        return of(extracted.toPath(), "embedded-redis's " + resource.substring(1) + ", " + why);
    }

    private static RedisServerBinary of(Path executable, String origin) {
        return new RedisServerBinary(executable, origin, version(executable, origin));
    }

    private static String version(Path executable, String origin) {
        String output;
        int exit;
        try {
            Process process = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(executable + " --version did not exit within 10 s");
            }
            exit = process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + executable + " (" + origin + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Matcher matcher = VERSION.matcher(output);
        if (exit != 0 || !matcher.find()) {
            // Typically a missing shared library: the bundled Linux x86-64 build links glibc 2.34 and OpenSSL 3.
            throw new IllegalStateException(executable + " (" + origin + ") does not run: `--version` exited with "
                    + exit + " and printed: " + output + ". Install redis-server on the PATH, or set " + VARIABLE
                    + " to one that runs here");
        }
        return matcher.group(1);
    }

    private static IllegalStateException noBinary(String why, String failure, @Nullable Throwable cause) {
        return new IllegalStateException("The Redis tests need a redis-server: " + why + ", and " + failure
                + ". Install redis-server (6.2 or newer) on the PATH, or set " + VARIABLE + " to its path", cause);
    }

    private static String platformName() {
        return System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }
}
