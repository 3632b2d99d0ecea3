package io.layerx.cli.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The live processes of a job's tasks on this machine, whatever namespace or agent started them, found by the
 * environment every task process gets ({@code LAYERX_JOB}, {@code LAYERX_TASK_ID}) and a word of its command line.
 */
final class TaskProcesses {

    private TaskProcesses() {
    }

    /** Task id to the pids of its processes whose program (argv[0]) ends with {@code program}. */
    static Map<String, List<Long>> of(String job, String program) {
        Map<String, List<Long>> out = new TreeMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                String env = read(p.resolve("environ"));
                String cmd = read(p.resolve("cmdline"));
                if (!env.contains("\0LAYERX_JOB=" + job + "\0") || !argv0(cmd).endsWith(program) || zombie(p)) continue;
                String id = value(env, "LAYERX_TASK_ID");
                out.computeIfAbsent(id, k -> new ArrayList<>()).add(Long.parseLong(p.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Kills every process of the job (test cleanup). */
    static void killAll(String job) {
        of(job, "").values().forEach(pids -> pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly)));
    }

    private static String argv0(String cmdline) {
        String[] args = cmdline.split("\0");
        return args.length > 1 ? args[1] : "";
    }

    private static boolean zombie(Path proc) {
        String stat = read(proc.resolve("stat"));
        int close = stat.lastIndexOf(')');
        return close < 0 || stat.length() < close + 3 || stat.charAt(close + 2) == 'Z';
    }

    private static String value(String env, String name) {
        for (String kv : env.split("\0")) if (kv.startsWith(name + "=")) return kv.substring(name.length() + 1);
        return "";
    }

    private static String read(Path f) {
        try {
            return "\0" + new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
