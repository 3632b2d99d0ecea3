package io.layerx.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The free share of each GPU device of one node, in thousandths of a device (1000: the device is idle), indexed by
 * device position. Decides where a gpu demand goes: a demand below 1000 is a share that must fit on ONE device
 * (the device with the least free share that still holds it: best fit, which keeps idle devices whole); a demand of
 * n x 1000 takes n idle devices (the lowest indices). Immutable.
 */
public final class GpuShares {

    public static final long WHOLE = 1000;
    public static final GpuShares NONE = new GpuShares(new long[0]);

    private final long[] free;

    private GpuShares(long[] free) {
        this.free = free;
    }

    /** Every device of the node idle. */
    public static GpuShares idle(int devices) {
        long[] f = new long[devices];
        Arrays.fill(f, WHOLE);
        return new GpuShares(f);
    }

    /** The given free shares, one per device. */
    public static GpuShares of(long... free) {
        return new GpuShares(free.clone());
    }

    /** True for a demand LayerX can place: 0, a share below one device, or whole devices. */
    public static boolean valid(long demand) {
        return demand >= 0 && (demand < WHOLE || demand % WHOLE == 0);
    }

    public int devices() {
        return free.length;
    }

    public long free(int device) {
        return free[device];
    }

    /** How many devices are idle. */
    public int idle() {
        int n = 0;
        for (long f : free) if (f >= WHOLE) n++;
        return n;
    }

    /** The largest free share on any one device (0 without devices). */
    public long largest() {
        long m = 0;
        for (long f : free) m = Math.max(m, f);
        return m;
    }

    /** True when {@code demand} has room here: no gpu, a share one device holds, or enough idle devices. */
    public boolean fits(long demand) {
        if (demand <= 0) return true;
        return demand < WHOLE ? largest() >= demand : idle() >= demand / WHOLE;
    }

    /** The device positions {@code demand} would take (empty for no gpu), or {@code null} when it does not fit. */
    public List<Integer> choose(long demand) {
        if (demand <= 0) return List.of();
        if (!fits(demand)) return null;
        List<Integer> out = new ArrayList<>();
        if (demand < WHOLE) {
            int best = -1;
            for (int i = 0; i < free.length; i++) {
                if (free[i] >= demand && (best < 0 || free[i] < free[best])) best = i;
            }
            out.add(best);
            return out;
        }
        for (int i = 0; i < free.length && out.size() < demand / WHOLE; i++) if (free[i] >= WHOLE) out.add(i);
        return out;
    }

    /** What is left once {@code demand} took {@code devices}; each device gives {@code demand / devices.size()}. */
    public GpuShares minus(List<Integer> devices, long demand) {
        if (devices.isEmpty()) return this;
        long[] f = free.clone();
        long each = demand / devices.size();
        for (int d : devices) if (d >= 0 && d < f.length) f[d] -= each;
        return new GpuShares(f);
    }

    /** What is free once a task that held {@code demand} on {@code devices} gives them back (the inverse of minus). */
    public GpuShares plus(List<Integer> devices, long demand) {
        if (devices.isEmpty()) return this;
        long[] f = free.clone();
        long each = demand / devices.size();
        for (int d : devices) if (d >= 0 && d < f.length) f[d] = Math.min(WHOLE, f[d] + each);
        return new GpuShares(f);
    }

    /** Takes {@code demand} where {@link #choose} puts it; the same shares when it does not fit or asks for none. */
    public GpuShares take(long demand) {
        List<Integer> d = choose(demand);
        return d == null ? this : minus(d, demand);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GpuShares g && Arrays.equals(free, g.free);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(free);
    }

    @Override
    public String toString() {
        return Arrays.toString(free);
    }
}
