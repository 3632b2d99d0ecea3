package io.layerx.agent;

import io.layerx.model.Resources;
import io.layerx.model.TaskState;
import io.layerx.provider.resource.agent.AgentProtocol.Assignment;
import io.layerx.usage.Counters;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tasks as processes. Each runs under a small {@code /bin/sh} wrapper that first moves itself into the task's
 * cgroups (so the command starts inside its limits), then runs the command with stdout and stderr in files of the
 * task's folder, and finally writes the command's exit code to the {@code exit} file: the code survives an agent
 * restart, and a wrapper outlives the agent. The record keeps the wrapper's pid and start time.
 */
final class ExecDriver implements Driver {

    static final String WRAPPER = """
            for f in $LAYERX_CGROUP_PROCS; do echo $$ > "$f" || exit 125; done
            unset LAYERX_CGROUP_PROCS
            "$@"
            code=$?
            echo $code > "$LAYERX_EXIT_FILE.tmp" && mv "$LAYERX_EXIT_FILE.tmp" "$LAYERX_EXIT_FILE"
            exit $code
            """;

    private static final Duration TERM_EVERY = Duration.ofMillis(50);

    private final DataDir data;
    private final Cgroups cgroups;
    private final String scope;
    private final long taskPids;
    private final InstantSource clock;

    ExecDriver(DataDir data, Cgroups cgroups, String scope, long taskPids, InstantSource clock) {
        this.data = data;
        this.cgroups = cgroups;
        this.scope = scope;
        this.taskPids = taskPids;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "exec";
    }

    @Override
    public LocalRecord start(Assignment a) {
        data.createTaskDir(a.task());
        Map<String, String> env = TaskEnv.of(a);
        Path workdir = a.spec().workdir() == null ? data.taskDir(a.task()) : Path.of(a.spec().workdir());
        LocalRecord none = new LocalRecord(a.task(), a.job(), name(), 0, 0, null, List.of(), a.resources(),
                clock.instant(), null);
        if (a.spec().command().isEmpty()) return none.ended(TaskState.FAILED, null, "the task has no command");
        if (!Files.isDirectory(workdir)) return none.ended(TaskState.FAILED, null, "no such working folder: " + workdir);
        Optional<String> binary = resolve(a.spec().command().getFirst(), env.get("PATH"), workdir);
        if (binary.isEmpty()) {
            return none.ended(TaskState.FAILED, null, "no such binary: " + a.spec().command().getFirst());
        }
        List<Path> groups;
        try {
            groups = cgroups.create(scope, a.task(), a.resources(), taskPids).orElse(List.of());
        } catch (RuntimeException e) {
            return none.ended(TaskState.FAILED, null, "cannot set the task's limits: " + e.getMessage());
        }
        return launch(a, env, workdir, groups, none);
    }

    private LocalRecord launch(Assignment a, Map<String, String> env, Path workdir, List<Path> groups, LocalRecord none) {
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, "layerx-task"));
        cmd.addAll(a.spec().command());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workdir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.stdout(a.task()).toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(data.stderr(a.task()).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("LAYERX_CGROUP_PROCS", String.join(" ", groups.stream()
                .map(g -> g.resolve("cgroup.procs").toString()).toList()));
        pb.environment().put("LAYERX_EXIT_FILE", data.exitFile(a.task()).toString());
        try {
            Process p = pb.start();
            long ticks = ProcStat.read(p.pid()).map(ProcStat::startTicks).orElse(0L);
            return new LocalRecord(a.task(), a.job(), name(), p.pid(), ticks, null,
                    groups.stream().map(Path::toString).toList(), a.resources(), clock.instant(), null);
        } catch (IOException e) {
            Cgroups.remove(groups);
            return none.ended(TaskState.FAILED, null, "cannot start: " + e.getMessage());
        }
    }

    /** The binary a command names: a path (relative to the working folder) or a name found on PATH. */
    static Optional<String> resolve(String command, String path, Path workdir) {
        if (command.contains("/")) {
            Path p = workdir.resolve(command);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toString()) : Optional.empty();
        }
        String search = path == null || path.isBlank() ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" : path;
        for (String dir : search.split(":")) {
            if (dir.isBlank()) continue;
            Path p = Path.of(dir).resolve(command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p.toString());
        }
        return Optional.empty();
    }

    @Override
    public Status observe(LocalRecord r) {
        if (r.pid() > 0 && ProcStat.alive(r.pid(), r.startTicks())) return new Running();
        List<Path> groups = r.cgroups().stream().map(Path::of).toList();
        Integer code = exitCode(r.task());
        if (Cgroups.oomKilled(groups)) {
            return new Ended(TaskState.FAILED, code, "OOM: the task went over its memory limit of "
                    + memoryOf(groups) + " and the kernel killed it");
        }
        if (code == null) return new Ended(TaskState.FAILED, null, "the task's process ended without an exit code");
        if (code == 127) return new Ended(TaskState.FAILED, code, "exit code 127: command not found");
        return new Ended(TaskState.EXITED, code, "exit code " + code);
    }

    private Integer exitCode(String task) {
        try {
            return Integer.parseInt(Files.readString(data.exitFile(task)).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static String memoryOf(List<Path> groups) {
        for (Path g : groups) {
            try {
                Path f = Files.isRegularFile(g.resolve("memory.limit_in_bytes")) ? g.resolve("memory.limit_in_bytes")
                        : g.resolve("memory.max");
                return (Long.parseLong(Files.readString(f).strip()) >> 20) + " MiB";
            } catch (IOException | NumberFormatException e) {
                // not the memory group
            }
        }
        return "its memory";
    }

    @Override
    public void stop(LocalRecord r, Duration grace) {
        if (r.pid() <= 0 || !ProcStat.alive(r.pid(), r.startTicks())) {
            killGroup(r);
            return;
        }
        ProcessHandle wrapper = ProcessHandle.of(r.pid()).orElse(null);
        if (wrapper != null) terminate(wrapper, grace);
        killGroup(r);
    }

    /**
     * SIGTERM to the wrapper's children (again every {@link #TERM_EVERY}: a task stopped right after it started may
     * not have forked its command yet), then SIGKILL to all of it once {@code grace} is over.
     */
    private void terminate(ProcessHandle wrapper, Duration grace) {
        java.time.Instant deadline = clock.instant().plus(grace);
        try {
            while (wrapper.isAlive() && clock.instant().isBefore(deadline)) {
                wrapper.descendants().forEach(ProcessHandle::destroy);
                try {
                    wrapper.onExit().get(TERM_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // still running: signal again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // cannot wait for it: kill it below
        }
        if (wrapper.isAlive()) {
            wrapper.descendants().forEach(ProcessHandle::destroyForcibly);
            wrapper.destroyForcibly();
        }
    }

    /** Kills whatever is left in the task's cgroups (children that left the wrapper's tree). */
    private static void killGroup(LocalRecord r) {
        List<Path> groups = r.cgroups().stream().map(Path::of).toList();
        for (Long pid : Cgroups.pids(groups)) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Override
    public Optional<String> check(LocalRecord r, Assignment a, List<String> command, Duration timeout)
            throws IOException, InterruptedException {
        Path folder = a.spec().workdir() == null ? data.taskDir(a.task()) : Path.of(a.spec().workdir());
        ProcessBuilder pb = new ProcessBuilder(command).directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(TaskEnv.of(a));
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return Optional.of(String.join(" ", command) + " took longer than " + timeout.toMillis() + " ms");
        }
        return p.exitValue() == 0 ? Optional.empty() : Optional.of(String.join(" ", command) + " exited " + p.exitValue());
    }

    /** Writes the new limits into the task's cgroups: the running process keeps going under them. */
    @Override
    public Resized resize(LocalRecord r, Resources to) {
        return cgroups.resize(r.cgroups().stream().map(Path::of).toList(), r.resources(), to);
    }

    /** From the task's cgroups; empty where the node runs tasks without them. */
    @Override
    public Optional<Counters> counters(LocalRecord r) {
        if (r.cgroups().isEmpty()) return Optional.empty();
        return Optional.of(Cgroups.counters(r.cgroups().stream().map(Path::of).toList()));
    }

    @Override
    public void release(LocalRecord r) {
        killGroup(r);
        Cgroups.remove(r.cgroups().stream().map(Path::of).toList());
    }
}
