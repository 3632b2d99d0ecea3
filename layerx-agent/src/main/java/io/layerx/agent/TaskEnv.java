package io.layerx.agent;

import io.layerx.provider.resource.agent.AgentProtocol.Assignment;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The environment of a task: the spec's variables, a default PATH, and where to find what LayerX handed out:
 * {@code LAYERX_TASK_ID}, {@code LAYERX_JOB}, and per port label {@code LAYERX_PORT_<LABEL>} and
 * {@code PORT_<LABEL>} (upper case, other characters as {@code _}); a task with one port also gets {@code PORT}.
 * A task that holds GPU devices gets their indices in {@code CUDA_VISIBLE_DEVICES} and
 * {@code NVIDIA_VISIBLE_DEVICES} (comma-separated, e.g. {@code 0,3}).
 */
final class TaskEnv {

    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private TaskEnv() {
    }

    static Map<String, String> of(Assignment a) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", "/");
        env.put("LAYERX_TASK_ID", a.task());
        env.put("LAYERX_JOB", a.job());
        a.ports().forEach((label, port) -> {
            String name = label.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            env.put("LAYERX_PORT_" + name, Integer.toString(port));
            env.put("PORT_" + name, Integer.toString(port));
        });
        if (a.ports().size() == 1) env.put("PORT", Integer.toString(a.ports().values().iterator().next()));
        if (!a.gpus().isEmpty()) {
            env.put("CUDA_VISIBLE_DEVICES", devices(a));
            env.put("NVIDIA_VISIBLE_DEVICES", devices(a));
        }
        env.putAll(a.spec().env());
        return env;
    }

    /** The task's GPU device indices, comma-separated ({@code 0,3}). */
    static String devices(Assignment a) {
        return String.join(",", a.gpus().stream().map(String::valueOf).toList());
    }
}
