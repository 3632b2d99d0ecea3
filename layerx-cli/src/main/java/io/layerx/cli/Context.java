package io.layerx.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may read from the world besides its arguments: the environment, the home folder, standard input
 * and the clock. Tests pass their own; {@link #system()} is the real one.
 */
public record Context(Map<String, String> env, Path home, InputStream stdin, InstantSource clock) {

    public Context {
        env = Map.copyOf(env);
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(clock, "clock");
    }

    /** The real world; home is {@code $HOME} when set (the JVM's user.home ignores it), else user.home. */
    public static Context system() {
        String home = System.getenv("HOME");
        Path homeDir = Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home);
        return new Context(System.getenv(), homeDir, System.in, InstantSource.system());
    }

    /** The variable's value, or {@code fallback} when it is unset or blank. */
    public String env(String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** The data folder of a local {@code layerx up}, where its admin token lives. */
    public Path upDataDir() {
        return home.resolve(".layerx").resolve("up");
    }
}
