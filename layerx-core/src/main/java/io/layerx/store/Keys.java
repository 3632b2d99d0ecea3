package io.layerx.store;

/** Where each kind of record lives in the store. */
public final class Keys {
    public static final String CLUSTERS = "/clusters/";
    public static final String NODES = "/nodes/";
    public static final String JOBS = "/jobs/";
    public static final String TASKS = "/tasks/";
    /** Image sets as the API wrote them (every version), by name. */
    public static final String IMAGESETS = "/imagesets/";
    /** Image sets as the layer controller found them on their nodes, by name. */
    public static final String IMAGESET_STATES = "/imagesetstate/";
    /** Mesos frameworks as the event stream shows them (written by the Mesos API), by framework id. */
    public static final String FRAMEWORKS = "/frameworks/";

    private Keys() {
    }

    public static String cluster(String name) {
        return CLUSTERS + name;
    }

    public static String node(String name) {
        return NODES + name;
    }

    public static String job(String name) {
        return JOBS + name;
    }

    public static String task(String id) {
        return TASKS + id;
    }

    public static String imageSet(String name) {
        return IMAGESETS + name;
    }

    public static String imageSetState(String name) {
        return IMAGESET_STATES + name;
    }

    /** The kind of record a key holds ({@code cluster}, {@code node}, {@code job}, {@code task}), or null. */
    public static String kindOf(String key) {
        if (key.startsWith(TASKS)) return "task";
        if (key.startsWith(NODES)) return "node";
        if (key.startsWith(JOBS)) return "job";
        if (key.startsWith(CLUSTERS)) return "cluster";
        return null;
    }

    /** The name or id part of a key. */
    public static String idOf(String key) {
        return key.substring(key.indexOf('/', 1) + 1);
    }
}
