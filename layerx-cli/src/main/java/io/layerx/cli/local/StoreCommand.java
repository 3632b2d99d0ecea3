package io.layerx.cli.local;

import io.layerx.cli.CommandError;
import io.layerx.model.LayerXException;
import io.layerx.server.StoreChoice;
import io.layerx.server.StoreSnapshot;
import io.layerx.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerx store export FILE} and {@code layerx store import FILE}: a whole installation to and from one
 * snapshot file, on the store a server with the same {@code --data}/{@code --store} flags would use. Run them while
 * no server writes to that store (the embedded store refuses a second user anyway).
 */
@Command(name = "store", description = "Move a whole installation between stores (embedded, etcd) through a file.",
        subcommands = {StoreCommand.Export.class, StoreCommand.Import.class})
public final class StoreCommand {

    /** The flags that name a store, as {@code layerx server} takes them. */
    static class Where {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
                description = "The data folder of the embedded store (default: ${DEFAULT-VALUE})")
        Path data;

        @Mixin
        StoreOptions store;

        Store open() {
            StoreChoice choice = store.choice();
            try {
                if (choice instanceof StoreChoice.Embedded && !Files.isDirectory(data.resolve("store"))) {
                    throw new CommandError("no embedded store in " + data.toAbsolutePath().normalize()
                            + " (give the server's --data folder)");
                }
                return choice.open(data.toAbsolutePath().normalize());
            } catch (LayerXException e) {
                throw new CommandError("cannot open the store: " + e.getMessage()
                        + (choice instanceof StoreChoice.Embedded ? " (is a server running on it? stop it first)" : ""),
                        e.details());
            }
        }
    }

    @Command(name = "export", description = "Write every key of the store to FILE.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where;

        @Parameters(paramLabel = "FILE", description = "The snapshot file to write (replaced if it exists)")
        Path file;

        @Override
        public Integer call() {
            try (Store store = where.open()) {
                StoreSnapshot.Summary s = StoreSnapshot.export(store, file);
                spec.commandLine().getOut().println("exported " + s.keys() + " keys at revision " + s.revision()
                        + " to " + file);
                return 0;
            } catch (LayerXException e) {
                throw new CommandError("cannot export: " + e.getMessage(), e.details());
            } catch (IOException e) {
                throw new CommandError("cannot write " + file + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "import", description = "Write every key of FILE into a store that does not hold them yet.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where;

        @Parameters(paramLabel = "FILE", description = "A snapshot file from `layerx store export`")
        Path file;

        @Override
        public Integer call() {
            if (!Files.isReadable(file)) throw new CommandError("cannot read " + file + ": no such file");
            if (where.store.choice() instanceof StoreChoice.Embedded) {
                try {
                    Files.createDirectories(where.data.resolve("store"));
                } catch (IOException e) {
                    throw new CommandError("cannot create " + where.data + ": " + e.getMessage());
                }
            }
            try (Store store = where.open()) {
                StoreSnapshot.Summary s = StoreSnapshot.importInto(store, file);
                spec.commandLine().getOut().println("imported " + s.keys() + " keys from " + file);
                return 0;
            } catch (LayerXException e) {
                throw new CommandError(e.getMessage(), e.details());
            } catch (IOException e) {
                throw new CommandError("cannot read " + file + ": " + e.getMessage());
            }
        }
    }
}
