package io.layerx.cli.http;

import io.layerx.cli.CommandError;
import io.layerx.cli.Context;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the server is (one, or several servers of one installation on etcd: {@code A,B,C}) and how to
 * authenticate: {@code --addr}/{@code --server}/{@code LAYERX_ADDR} and
 * {@code --token}/{@code LAYERX_TOKEN}. Without a token, the one a local {@code layerx up} wrote is used.
 */
public final class ApiOptions {

    public static final String DEFAULT_ADDR = "http://127.0.0.1:7470";
    public static final String ADDR_ENV = "LAYERX_ADDR";
    public static final String TOKEN_ENV = "LAYERX_TOKEN";

    private final Context context;

    @Option(names = {"--addr", "--server"}, paramLabel = "URL[,URL...]",
            description = "LayerX server address, or several servers of one installation comma-separated: the"
                    + " first that answers is used (env LAYERX_ADDR, default " + DEFAULT_ADDR + ")")
    String addr;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "API token (env LAYERX_TOKEN, default: the admin token of a local `layerx up`)")
    String token;

    public ApiOptions(Context context) {
        this.context = context;
    }

    /** The first server's base address, e.g. {@code http://127.0.0.1:7470}; a bare HOST:PORT gets {@code http://}. */
    public URI address() {
        return addresses().getFirst();
    }

    /** Every server given ({@code A,B,C}), in order. */
    public List<URI> addresses() {
        String raw = addr != null ? addr : context.env(ADDR_ENV, DEFAULT_ADDR);
        return parseList(raw);
    }

    /** The token to send: the flag, else LAYERX_TOKEN, else the content of the local up's token file. */
    public Optional<String> token() {
        if (token != null && !token.isBlank()) return Optional.of(token.strip());
        String env = context.env(TOKEN_ENV, null);
        if (env != null) return Optional.of(env.strip());
        return readTokenFile(context.upDataDir().resolve("admin-token"));
    }

    public ApiClient client() {
        return new ApiClient(addresses(), token().orElse(null));
    }

    /** Reads a server address as {@code --addr} does. */
    public URI parse(String raw) {
        return parseAddress(raw.strip());
    }

    /** Reads a comma-separated list of server addresses; at least one. */
    public static List<URI> parseList(String raw) {
        List<URI> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            if (!part.isBlank()) out.add(parseAddress(part.strip()));
        }
        if (out.isEmpty()) {
            throw new CommandError("invalid LayerX address '" + raw + "': expected http://HOST:PORT[,...]"
                    + " (set LAYERX_ADDR or --addr)");
        }
        return List.copyOf(out);
    }

    static URI parseAddress(String raw) {
        String withScheme = raw.contains("://") ? raw : "http://" + raw;
        while (withScheme.endsWith("/")) withScheme = withScheme.substring(0, withScheme.length() - 1);
        try {
            URI uri = new URI(withScheme);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new URISyntaxException(raw, "expected http://HOST:PORT");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CommandError("invalid LayerX address '" + raw + "': expected http://HOST:PORT"
                    + " (set LAYERX_ADDR or --addr)");
        }
    }

    private static Optional<String> readTokenFile(Path file) {
        if (!Files.isReadable(file)) return Optional.empty();
        try {
            String t = Files.readString(file).strip();
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
