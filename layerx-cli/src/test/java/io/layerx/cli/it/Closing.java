package io.layerx.cli.it;

/** Closing what a test started. */
final class Closing {

    private Closing() {
    }

    /**
     * Closes each of {@code started} in order (nulls skipped), going on past a failure so that one daemon that
     * fails to stop leaves none of the others running, and the test's own clean-up after this still runs.
     */
    static void all(AutoCloseable... started) {
        for (AutoCloseable c : started) {
            try {
                if (c != null) c.close();
            } catch (Exception e) {
                System.err.println("closing " + c + " failed: " + e);
            }
        }
    }
}
