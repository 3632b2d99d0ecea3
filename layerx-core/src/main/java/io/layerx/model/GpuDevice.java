package io.layerx.model;

import java.util.Objects;

/**
 * One GPU of a node.
 *
 * @param index  the device's index on its node (what {@code CUDA_VISIBLE_DEVICES} and docker's {@code --gpus device=}
 *               name)
 * @param model  the product name, e.g. {@code NVIDIA A100-SXM4-80GB}
 * @param memory the device's memory in MiB (0 when unknown)
 */
public record GpuDevice(int index, String model, long memory) {

    /** The node label that names the model of a node's GPUs (constraints match on it). */
    public static final String MODEL_LABEL = "gpu.model";
    /** The node label that gives how many GPUs a node has. */
    public static final String COUNT_LABEL = "gpu.count";

    public GpuDevice {
        Objects.requireNonNull(model, "model");
        if (index < 0) throw new IllegalArgumentException("gpu index must be >= 0, got " + index);
    }
}
