package io.layerx.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as {@code /proc/PID/stat} shows it: its state letter and its start time in clock ticks since boot. A
 * zombie counts as ended; a pid whose start time differs from the one recorded is another process.
 */
record ProcStat(long pid, char state, long startTicks) {

    static Optional<ProcStat> read(long pid) {
        String text;
        try {
            text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return Optional.empty();
        }
        // the command name (field 2) is in parentheses and may hold spaces: fields are counted after its ')'
        String[] rest = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return Optional.of(new ProcStat(pid, rest[0].charAt(0), Long.parseLong(rest[19])));
    }

    /** True when the process recorded as ({@code pid}, {@code startTicks}) still runs. */
    static boolean alive(long pid, long startTicks) {
        return read(pid).filter(s -> s.startTicks == startTicks && s.state != 'Z' && s.state != 'X').isPresent();
    }
}
