package io.layerx.agent;

import io.layerx.model.GpuDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine's GPUs, from {@code nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader,nounits}
 * when the tool is on the PATH; none otherwise (or when it fails: a driver that is not loaded is a machine without
 * usable GPUs).
 */
final class GpuProbe {

    static final List<String> QUERY = List.of("nvidia-smi", "--query-gpu=index,name,memory.total",
            "--format=csv,noheader,nounits");
    private static final Logger LOG = LoggerFactory.getLogger(GpuProbe.class);

    private GpuProbe() {
    }

    /** The GPUs nvidia-smi reports, or none when it is not installed or fails. */
    static List<GpuDevice> detect(String path) {
        if (!onPath(path)) return List.of();
        try {
            Process p = new ProcessBuilder(QUERY).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                LOG.warn("nvidia-smi failed, the node offers no GPUs: {}", out.strip());
                return List.of();
            }
            return parse(out);
        } catch (IOException e) {
            LOG.warn("cannot run nvidia-smi, the node offers no GPUs: {}", e.toString());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static boolean onPath(String path) {
        if (path == null) return false;
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nvidia-smi"))) return true;
        }
        return false;
    }

    /** One device per line {@code INDEX, NAME, MEMORY_MIB}; lines that do not read so are skipped. */
    static List<GpuDevice> parse(String csv) {
        List<GpuDevice> out = new ArrayList<>();
        for (String line : csv.split("\\R")) {
            String[] cells = line.split(",");
            if (cells.length < 3) continue;
            try {
                int index = Integer.parseInt(cells[0].strip());
                String name = String.join(",", java.util.Arrays.copyOfRange(cells, 1, cells.length - 1)).strip();
                String mem = cells[cells.length - 1].strip();
                long memory = mem.matches("\\d+") ? Long.parseLong(mem) : 0;
                out.add(new GpuDevice(index, name, memory));
            } catch (IllegalArgumentException e) {
                LOG.debug("skipping nvidia-smi line '{}'", line);
            }
        }
        return out;
    }
}
