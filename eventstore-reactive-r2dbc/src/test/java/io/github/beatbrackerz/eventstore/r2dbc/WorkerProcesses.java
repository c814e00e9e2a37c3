package io.github.beatbrackerz.eventstore.r2dbc;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link DurableWorkerMain} JVMs of one test: started with this JVM's {@code java} binary and
 * class path, their output in {@code target/durable-workers/<name>.log}, and every one still alive
 * killed after each test. Each child also halts by itself when its standard input closes, which
 * happens when this JVM dies. Register it as an instance field with {@code @RegisterExtension}.
 */
final class WorkerProcesses implements AfterEachCallback {

    private static final Path LOGS = Path.of("target", "durable-workers");

    private final List<Process> started = new ArrayList<>();

    /**
     * Starts a worker JVM.
     *
     * @param name a file-name-safe name, for its log file
     * @param args the arguments of {@link DurableWorkerMain#main(String[])}
     * @return the running process
     */
    Process start(String name, String... args) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), DurableWorkerMain.class.getName()));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(LOGS);
            File log = LOGS.resolve(name + ".log").toFile();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            started.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the worker JVM " + name, e);
        }
    }

    /** Kills a worker as a crash would ({@code SIGKILL}) and waits until it is gone. */
    void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("worker " + process.pid() + " did not die");
        }
    }

    /** Freezes a worker ({@code SIGSTOP}): it holds its connections and open transactions but does nothing, as in a long GC pause. */
    void freeze(Process process) throws InterruptedException {
        signal(process, "-STOP");
    }

    /** Wakes a frozen worker ({@code SIGCONT}). */
    void thaw(Process process) throws InterruptedException {
        signal(process, "-CONT");
    }

    private static void signal(Process process, String signal) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill " + signal, e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                kill(process);
            }
        }
        started.clear();
    }
}
