package io.layerx.provider.resource.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What a failed call to an API server says, in one line. */
final class KubeErrors {

    private KubeErrors() {
    }

    static String message(Throwable e) {
        if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage() + " (HTTP " + k.getCode() + ")";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? m : firstLine(e.getMessage()) + ": " + m;
    }

    /** Whether the API server answered (with an error status) rather than not at all. */
    static boolean answered(Throwable e) {
        return e instanceof KubernetesClientException k && k.getCode() > 0;
    }

    /** The API server said the object already exists (409). */
    static boolean alreadyExists(Throwable e) {
        return e instanceof KubernetesClientException k && k.getCode() == 409;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
