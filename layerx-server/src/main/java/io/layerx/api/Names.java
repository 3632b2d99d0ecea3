package io.layerx.api;

import io.layerx.model.JobValidator;

/** The rule for names of jobs: a DNS label, as the core's {@link JobValidator} has it. */
final class Names {

    private Names() {
    }

    static boolean valid(String name) {
        return JobValidator.NAME.matcher(name).matches();
    }

    static String problem(String field, String value) {
        return field + " '" + value + "' must be 1 to 63 lower-case letters, digits or '-', starting and ending"
                + " with a letter or digit";
    }
}
