package io.layerx.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import picocli.CommandLine;

/** Runs the {@code layerx} command tree in this JVM with a given environment, capturing what it prints. */
public final class Cli {

    /** What one run did. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private final Map<String, String> env;
    private final Path home;
    private final InstantSource clock;
    private String stdin = "";

    public Cli(Map<String, String> env, Path home, InstantSource clock) {
        this.env = Map.copyOf(env);
        this.home = home;
        this.clock = clock;
    }

    public Cli(Map<String, String> env, Path home) {
        this(env, home, InstantSource.system());
    }

    public Cli withStdin(String text) {
        Cli c = new Cli(env, home, clock);
        c.stdin = text;
        return c;
    }

    public Result run(String... args) {
        Context context = new Context(env, home, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                clock);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(context);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
