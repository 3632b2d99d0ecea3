package io.layerx.agent;

import io.layerx.store.Codec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The agent's folder: {@code agent.json} (its identity) and {@code tasks/ID/} per task ({@code task.json},
 * {@code stdout}, {@code stderr}, {@code exit}). Records are written whole (temp file, then an atomic move).
 */
final class DataDir {
    /** Folders of finished tasks kept for their logs. */
    static final int KEEP_FINISHED = 200;

    private final Path root;

    DataDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    Path taskDir(String task) {
        return root.resolve("tasks").resolve(task);
    }

    Path stdout(String task) {
        return taskDir(task).resolve("stdout");
    }

    Path stderr(String task) {
        return taskDir(task).resolve("stderr");
    }

    Path exitFile(String task) {
        return taskDir(task).resolve("exit");
    }

    Optional<Identity> identity() {
        return read(root.resolve("agent.json"), Identity.class);
    }

    void saveIdentity(Identity id) {
        write(root.resolve("agent.json"), id);
    }

    void save(LocalRecord r) {
        write(taskDir(r.task()).resolve("task.json"), r);
    }

    /** Every task record on disk. */
    List<LocalRecord> records() {
        Path tasks = root.resolve("tasks");
        if (!Files.isDirectory(tasks)) return List.of();
        List<LocalRecord> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(tasks)) {
            for (Path d : dirs.toList()) read(d.resolve("task.json"), LocalRecord.class).ifPresent(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tasks, e);
        }
        return out;
    }

    /** Deletes the folders of the oldest finished tasks beyond {@link #KEEP_FINISHED}. */
    void prune(java.util.Set<String> live) {
        List<LocalRecord> done = records().stream().filter(r -> r.finished() && !live.contains(r.task()))
                .sorted(Comparator.comparing(LocalRecord::started).reversed()).toList();
        for (LocalRecord r : done.subList(Math.min(KEEP_FINISHED, done.size()), done.size())) delete(taskDir(r.task()));
    }

    void createTaskDir(String task) {
        try {
            Files.createDirectories(taskDir(task));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + taskDir(task), e);
        }
    }

    static <T> Optional<T> read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(Codec.decode(Files.readAllBytes(file), type));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static void write(Path file, Object value) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Codec.encode(value));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
