package io.layerx.agent;

import io.layerx.provider.resource.agent.AgentProtocol.Assignment;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The environment of a task: the spec's variables, a default PATH, and where to find what LayerX handed out:
 * {@code LAYERX_TASK_ID}, {@code LAYERX_JOB}, and per port label {@code LAYERX_PORT_<LABEL>} and
 * {@code PORT_<LABEL>} (upper case, other characters as {@code _}); a task with one port also gets {@code PORT}.
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
        env.putAll(a.spec().env());
        return env;
    }
}
