package io.layerx.cli.output;

/** How listings and gets print: aligned columns for people, JSON or YAML for scripts. */
public enum OutputFormat {
    TABLE, JSON, YAML
}
