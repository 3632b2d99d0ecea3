package io.layerx.cli.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Hosts as network namespaces made by the test: a server host {@code <p>s} (10.200.0.10, on a bridge) and agent
 * hosts {@code <p>1..n} (10.200.0.i), each joined to the bridge by a veth pair. The 10.200.0.x addresses exist only
 * inside these namespaces; {@link #close} deletes them (and with them the veths).
 */
final class TestHosts implements AutoCloseable {

    static final String SERVER_IP = "10.200.0.10";

    private final String prefix;
    private final int agents;
    private final List<String> made = new ArrayList<>();

    private TestHosts(String prefix, int agents) {
        this.prefix = prefix;
        this.agents = agents;
    }

    static TestHosts create(int agents) {
        TestHosts h = new TestHosts("lx" + Integer.toHexString(new Random().nextInt(0x10000)), agents);
        try {
            h.build();
            return h;
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
    }

    private void build() {
        String s = server();
        netns(s);
        run("ip", "-n", s, "link", "add", "br0", "type", "bridge");
        run("ip", "-n", s, "addr", "add", SERVER_IP + "/24", "dev", "br0");
        run("ip", "-n", s, "link", "set", "br0", "up");
        run("ip", "-n", s, "link", "set", "lo", "up");
        for (int i = 1; i <= agents; i++) {
            String h = host(i);
            netns(h);
            String a = prefix + "a" + i;
            String b = prefix + "b" + i;
            run("ip", "link", "add", a, "type", "veth", "peer", "name", b);
            run("ip", "link", "set", a, "netns", s);
            run("ip", "link", "set", b, "netns", h);
            run("ip", "-n", s, "link", "set", a, "master", "br0", "up");
            run("ip", "-n", h, "addr", "add", ip(i) + "/24", "dev", b);
            run("ip", "-n", h, "link", "set", b, "up");
            run("ip", "-n", h, "link", "set", "lo", "up");
        }
    }

    private void netns(String name) {
        run("ip", "netns", "add", name);
        made.add(name);
    }

    String server() {
        return prefix + "s";
    }

    String host(int i) {
        return prefix + i;
    }

    /** A name for test objects that no other run shares (node names, cgroup scopes). */
    String prefix() {
        return prefix;
    }

    static String ip(int i) {
        return "10.200.0." + i;
    }

    /** {@code command} run inside the namespace {@code ns} (only its network is the namespace's). */
    static List<String> in(String ns, List<String> command) {
        List<String> out = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + ns));
        out.addAll(command);
        return out;
    }

    /** Runs a short command to its end; its output, or an error with it when it fails. */
    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (String ns : made.reversed()) {
            try {
                run("ip", "netns", "del", ns);
            } catch (RuntimeException e) {
                System.err.println("cannot delete namespace " + ns + ": " + e.getMessage());
            }
        }
        made.clear();
    }
}
