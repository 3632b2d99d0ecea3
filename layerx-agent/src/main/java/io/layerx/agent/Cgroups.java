package io.layerx.agent;

import io.layerx.model.Resources;
import io.layerx.usage.Counters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Resource limits for exec tasks with the kernel's cgroups, v1 (one hierarchy per controller, as on these machines)
 * or v2 (one unified hierarchy). Each task gets {@code <root>/layerx/<node>/<task>} with {@code memory},
 * {@code cpu} (CFS quota) and {@code pids} limits. Where neither version is usable the agent runs tasks without
 * limits and says so in the node label {@code agent.cgroups=none}.
 */
final class Cgroups {

    enum Version { V1, V2, NONE }

    /** cpuacct only measures (cpu time), where it is mounted apart from cpu. */
    private static final List<String> V1_CONTROLLERS = List.of("memory", "cpu", "pids", "cpuacct");
    private static final long CFS_PERIOD_US = 100_000;

    private final Path root;
    private final Version version;
    private final List<String> controllers;

    private Cgroups(Path root, Version version, List<String> controllers) {
        this.root = root;
        this.version = version;
        this.controllers = List.copyOf(controllers);
    }

    /** Finds what this machine offers under {@code root} (normally /sys/fs/cgroup) and checks it can write there. */
    static Cgroups detect(Path root) {
        if (Files.isRegularFile(root.resolve("cgroup.controllers"))) {
            try {
                Files.writeString(root.resolve("cgroup.subtree_control"), "+memory +cpu +pids");
                return new Cgroups(root, Version.V2, List.of("memory", "cpu", "pids"));
            } catch (IOException e) {
                return new Cgroups(root, Version.NONE, List.of());
            }
        }
        List<String> found = new ArrayList<>();
        for (String c : V1_CONTROLLERS) {
            if (c.equals("cpuacct") && Files.isRegularFile(root.resolve("cpu").resolve("cpuacct.usage"))) continue;
            Path dir = root.resolve(c).resolve("layerx");
            try {
                Files.createDirectories(dir);
                found.add(c);
            } catch (IOException | UnsupportedOperationException e) {
                // this controller is not mounted or not writable: not enforced
            }
        }
        return found.isEmpty() ? new Cgroups(root, Version.NONE, List.of()) : new Cgroups(root, Version.V1, found);
    }

    Version version() {
        return version;
    }

    /** What the node label {@code agent.cgroups} says: {@code v1:memory,cpu,pids}, {@code v2:...} or {@code none}. */
    String describe() {
        return version == Version.NONE ? "none" : version.name().toLowerCase(java.util.Locale.ROOT) + ":"
                + String.join(",", controllers);
    }

    /** Makes the task's group with its limits; empty where cgroups cannot be used. */
    Optional<List<Path>> create(String scope, String task, Resources r, long pids) {
        return switch (version) {
            case NONE -> Optional.empty();
            case V1 -> Optional.of(createV1(scope, task, r, pids));
            case V2 -> Optional.of(createV2(scope, task, r, pids));
        };
    }

    private List<Path> createV1(String scope, String task, Resources r, long pids) {
        List<Path> dirs = new ArrayList<>();
        for (String c : controllers) {
            Path dir = root.resolve(c).resolve("layerx").resolve(scope).resolve(task);
            mkdirs(dir);
            switch (c) {
                case "memory" -> {
                    if (r.memory() > 0) write(dir.resolve("memory.limit_in_bytes"), Long.toString(r.memory() << 20));
                }
                case "cpu" -> {
                    if (r.cpu() > 0) {
                        write(dir.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_US));
                        write(dir.resolve("cpu.cfs_quota_us"), Long.toString(Math.max(1000, r.cpu() * CFS_PERIOD_US / 1000)));
                    }
                }
                case "pids" -> write(dir.resolve("pids.max"), Long.toString(pids));
                default -> { } // cpuacct: measured, not limited
            }
            dirs.add(dir);
        }
        return dirs;
    }

    private List<Path> createV2(String scope, String task, Resources r, long pids) {
        Path parent = root.resolve("layerx").resolve(scope);
        mkdirs(parent);
        write(root.resolve("layerx").resolve("cgroup.subtree_control"), "+memory +cpu +pids");
        write(parent.resolve("cgroup.subtree_control"), "+memory +cpu +pids");
        Path dir = parent.resolve(task);
        mkdirs(dir);
        if (r.memory() > 0) write(dir.resolve("memory.max"), Long.toString(r.memory() << 20));
        if (r.cpu() > 0) write(dir.resolve("cpu.max"), Math.max(1000, r.cpu() * CFS_PERIOD_US / 1000) + " " + CFS_PERIOD_US);
        write(dir.resolve("pids.max"), Long.toString(pids));
        return List.of(dir);
    }

    /**
     * Sets new cpu and memory limits on a task's group in place ({@code 0}: no limit). The cpu limit goes first; the
     * kernel refuses a memory limit below what the group uses now (EBUSY), and the old memory limit then stays.
     *
     * @param from the limits in force now ({@code null}: unknown)
     */
    Driver.Resized resize(List<Path> dirs, Resources from, Resources to) {
        if (version == Version.NONE || dirs.isEmpty()) return new Driver.Resized(to, ""); // nothing is enforced here
        long cpu = to.cpu();
        long memory = to.memory();
        List<String> refused = new ArrayList<>();
        for (Path d : dirs) {
            try {
                setCpu(d, to.cpu());
            } catch (UncheckedIOException e) {
                cpu = from == null ? -1 : from.cpu();
                refused.add("the kernel refused the cpu limit of " + to.cpu() + "m: " + reason(e));
            }
            try {
                setMemory(d, to.memory());
            } catch (UncheckedIOException e) {
                memory = from == null ? -1 : from.memory();
                refused.add(memoryRefused(d, to.memory(), from, e));
            }
        }
        return new Driver.Resized(new Resources(cpu, memory, to.disk()), String.join("; ", refused));
    }

    private static void setCpu(Path dir, long millicores) {
        long quota = Math.max(1000, millicores * CFS_PERIOD_US / 1000);
        if (Files.isRegularFile(dir.resolve("cpu.cfs_quota_us"))) {
            if (millicores > 0) write(dir.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_US));
            write(dir.resolve("cpu.cfs_quota_us"), millicores > 0 ? Long.toString(quota) : "-1");
        } else if (Files.isRegularFile(dir.resolve("cpu.max"))) {
            write(dir.resolve("cpu.max"), (millicores > 0 ? Long.toString(quota) : "max") + " " + CFS_PERIOD_US);
        }
    }

    private static void setMemory(Path dir, long mib) {
        if (Files.isRegularFile(dir.resolve("memory.limit_in_bytes"))) {
            write(dir.resolve("memory.limit_in_bytes"), mib > 0 ? Long.toString(mib << 20) : "-1");
        } else if (Files.isRegularFile(dir.resolve("memory.max"))) {
            write(dir.resolve("memory.max"), mib > 0 ? Long.toString(mib << 20) : "max");
        }
    }

    /** Why a memory limit was refused; EBUSY means the group uses more than the new limit now. */
    private static String memoryRefused(Path dir, long mib, Resources from, UncheckedIOException e) {
        String why = reason(e);
        String stays = from == null ? "" : "; the limit stays at " + from.memory() + " MiB";
        if (!why.contains("busy")) return "the kernel refused the memory limit of " + mib + " MiB: " + why + stays;
        long used = -1;
        for (String f : List.of("memory.usage_in_bytes", "memory.current")) {
            try {
                if (Files.isRegularFile(dir.resolve(f))) used = Long.parseLong(Files.readString(dir.resolve(f)).strip());
            } catch (IOException | NumberFormatException x) {
                // unknown usage: said without it
            }
        }
        return "the kernel refused the memory limit of " + mib + " MiB (EBUSY): the task uses "
                + (used < 0 ? "more" : (used + (1 << 20) - 1 >> 20) + " MiB") + " now, and it cannot be reclaimed" + stays;
    }

    private static String reason(UncheckedIOException e) {
        IOException io = e.getCause();
        String r = io instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : io.getMessage();
        return r == null ? io.getClass().getSimpleName() : r.toLowerCase(Locale.ROOT);
    }

    /** True when the kernel's OOM killer killed a process of the group. */
    static boolean oomKilled(List<Path> dirs) {
        for (Path d : dirs) {
            for (String file : List.of("memory.oom_control", "memory.events")) {
                Path f = d.resolve(file);
                if (Files.isRegularFile(f) && counter(f, "oom_kill") > 0) return true;
            }
        }
        return false;
    }

    /** The processes in the group (from the first folder: every folder holds the same processes). */
    static List<Long> pids(List<Path> dirs) {
        if (dirs.isEmpty()) return List.of();
        try {
            return Files.readAllLines(dirs.getFirst().resolve("cgroup.procs")).stream().filter(l -> !l.isBlank())
                    .map(l -> Long.parseLong(l.strip())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * What the group uses now: cpu time ({@code cpuacct.usage} in v1, {@code cpu.stat usage_usec} in v2), the
     * working set (usage less {@code inactive_file}), anonymous memory ({@code rss} / {@code anon}) and processes.
     */
    static Counters counters(List<Path> dirs) {
        long cpu = -1;
        long usage = 0;
        long inactive = 0;
        long rss = 0;
        long pids = 0;
        for (Path d : dirs) {
            if (Files.isRegularFile(d.resolve("cpuacct.usage"))) cpu = number(d.resolve("cpuacct.usage"));
            if (Files.isRegularFile(d.resolve("cpu.stat")) && counter(d.resolve("cpu.stat"), "usage_usec") > 0) {
                cpu = counter(d.resolve("cpu.stat"), "usage_usec") * 1000;
            }
            if (Files.isRegularFile(d.resolve("memory.usage_in_bytes"))) {
                usage = number(d.resolve("memory.usage_in_bytes"));
                inactive = counter(d.resolve("memory.stat"), "total_inactive_file");
                rss = counter(d.resolve("memory.stat"), "total_rss");
            } else if (Files.isRegularFile(d.resolve("memory.current"))) {
                usage = number(d.resolve("memory.current"));
                inactive = counter(d.resolve("memory.stat"), "inactive_file");
                rss = counter(d.resolve("memory.stat"), "anon");
            }
            if (Files.isRegularFile(d.resolve("pids.current"))) pids = number(d.resolve("pids.current"));
        }
        return new Counters(cpu, Math.max(0, usage - inactive), rss, pids);
    }

    private static long number(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Removes the group's folders (they must hold no process). */
    static void remove(List<Path> dirs) {
        for (Path d : dirs) {
            try {
                Files.deleteIfExists(d);
            } catch (IOException e) {
                // still busy or already gone: a later prune retries
            }
        }
    }

    private static long counter(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] kv = line.strip().split("\\s+");
                if (kv.length == 2 && kv[0].equals(name)) return Long.parseLong(kv[1]);
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cgroup " + dir, e);
        }
    }

    private static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value + " to " + file, e);
        }
    }
}
