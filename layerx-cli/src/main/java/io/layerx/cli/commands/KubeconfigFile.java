package io.layerx.cli.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** {@code cluster add kubernetes --kubeconfig FILE}: the file's content, or a clear message when it cannot be read. */
final class KubeconfigFile {

    private KubeconfigFile() {
    }

    static String read(CommandLine cmd, Path file) {
        if (!Files.isRegularFile(file)) throw new ParameterException(cmd, "--kubeconfig " + file + ": no such file");
        try {
            String content = Files.readString(file);
            if (content.isBlank()) throw new ParameterException(cmd, "--kubeconfig " + file + " is empty");
            return content;
        } catch (IOException e) {
            throw new ParameterException(cmd, "--kubeconfig " + file + " cannot be read: " + e.getMessage());
        }
    }
}
