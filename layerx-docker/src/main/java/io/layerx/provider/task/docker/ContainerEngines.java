package io.layerx.provider.task.docker;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What the Docker API needs from the engines that run containers, beyond the control plane: container output and
 * the images each engine holds. Docker-cluster nodes have an engine each; simulated nodes have none (no logs, no
 * images of their own). Agent nodes with the docker driver can serve the same later.
 */
public interface ContainerEngines {

    /** Engines of no node: no images, no logs. */
    ContainerEngines NONE = new ContainerEngines() {
        @Override
        public Map<String, List<EngineImage>> images() {
            return Map.of();
        }

        @Override
        public boolean logs(String node, String taskId, LogOptions options, LogSink sink) {
            return false;
        }
    };

    /** The images of every engine that answers, by node name. */
    Map<String, List<EngineImage>> images();

    /**
     * Streams the output of the task's container from the engine of {@code node} into {@code sink}; with
     * {@code follow}, until the container stops or the sink fails. False when the node has no engine here (a
     * simulated node) or the engine no longer has the container: there is no output to show.
     */
    boolean logs(String node, String taskId, LogOptions options, LogSink sink);

    /** One image of one engine. */
    record EngineImage(String id, List<String> repoTags, long created, long size, Map<String, String> labels) {
        public EngineImage {
            repoTags = List.copyOf(repoTags);
            labels = Map.copyOf(labels);
        }
    }

    /**
     * @param tail  how many lines from the end ({@code -1}: all)
     * @param since only output after this Unix time in seconds ({@code 0}: all)
     */
    record LogOptions(boolean follow, boolean timestamps, int tail, long since) {
    }

    /** Where output goes, frame by frame; {@code stream} is 1 for stdout, 2 for stderr. */
    interface LogSink {
        void frame(int stream, byte[] payload) throws IOException;
    }
}
