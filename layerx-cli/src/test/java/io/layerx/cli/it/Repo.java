package io.layerx.cli.it;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository: the examples and the launcher. */
final class Repo {

    private Repo() {
    }

    /** The repository root: the nearest folder up from the working directory with the mvnw and layerx scripts. */
    static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isRegularFile(p.resolve("layerx"))) return p;
        }
        throw new IllegalStateException("not inside the LayerX repository: " + Path.of("").toAbsolutePath());
    }

    static String example(String name) {
        return root().resolve("examples").resolve(name).toString();
    }
}
