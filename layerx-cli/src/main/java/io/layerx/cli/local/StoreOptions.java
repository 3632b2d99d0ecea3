package io.layerx.cli.local;

import io.layerx.cli.CommandError;
import io.layerx.server.StoreChoice;
import io.layerx.store.etcd.EtcdOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Where {@code layerx server} keeps its state: {@code --store embedded} (the default: the data folder) or
 * {@code --store etcd --etcd-endpoints URL,URL [--etcd-prefix /layerx]}, shared by several servers of which one leads.
 */
public final class StoreOptions {

    @Option(names = "--store", paramLabel = "embedded|etcd", defaultValue = "embedded",
            description = "Where the state lives: embedded (in the data folder) or etcd (default: ${DEFAULT-VALUE})")
    String store;

    @Option(names = "--etcd-endpoints", paramLabel = "URL,URL",
            description = "etcd client URLs, comma-separated (with --store etcd)")
    String endpoints;

    @Option(names = "--etcd-prefix", paramLabel = "PREFIX", defaultValue = EtcdOptions.DEFAULT_PREFIX,
            description = "Key prefix of this installation in etcd (default: ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--advertise", paramLabel = "URL",
            description = "Where the other servers reach this one when it leads (with --store etcd; default: the"
                    + " listen address)")
    String advertise;

    /** Settings as these flags would give them (for commands that take only some of the flags). */
    public static StoreOptions of(String store, String endpoints) {
        StoreOptions o = new StoreOptions();
        o.store = store;
        o.endpoints = endpoints;
        o.prefix = EtcdOptions.DEFAULT_PREFIX;
        return o;
    }

    /** The store these flags name; every problem at once as a {@link CommandError}. */
    public StoreChoice choice() {
        String kind = store.strip().toLowerCase(Locale.ROOT);
        List<String> problems = new ArrayList<>();
        switch (kind) {
            case "embedded" -> {
                if (endpoints != null) problems.add("--etcd-endpoints needs --store etcd");
                if (advertise != null) problems.add("--advertise needs --store etcd");
            }
            case "etcd" -> {
                if (endpoints == null || endpoints.isBlank()) {
                    problems.add("--store etcd needs --etcd-endpoints, e.g. http://127.0.0.1:2379");
                }
            }
            default -> problems.add("--store '" + store + "' is not one of embedded, etcd");
        }
        if (!problems.isEmpty() || kind.equals("embedded")) return embeddedOrFail(problems);
        List<URI> urls = List.of();
        try {
            urls = EtcdOptions.parseEndpoints(endpoints);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (problems.isEmpty()) problems.addAll(EtcdOptions.problems(urls, prefix));
        if (!problems.isEmpty()) throw new CommandError("invalid store settings", problems);
        return new StoreChoice.Etcd(new EtcdOptions(urls, prefix));
    }

    /** Where other servers forward requests to, or {@code null} for the listen address. */
    public URI advertise() {
        if (advertise == null || advertise.isBlank()) return null;
        URI uri = URI.create(advertise.contains("://") ? advertise.strip() : "http://" + advertise.strip());
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new CommandError("invalid store settings", List.of("--advertise '" + advertise
                    + "' must look like http://HOST:PORT"));
        }
        return uri;
    }

    private static StoreChoice embeddedOrFail(List<String> problems) {
        if (!problems.isEmpty()) throw new CommandError("invalid store settings", problems);
        return new StoreChoice.Embedded();
    }
}
