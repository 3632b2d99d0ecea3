package io.layerx.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The agent's identity and its default node name: the host name and the first characters of the identity, which is
 * made once per data folder, so two agents on one host with their own data folders are two nodes.
 */
final class NodeName {
    /** Hex characters of the identity in the default name. */
    static final int SUFFIX = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private NodeName() {
    }

    /** A new agent identity: 16 random hex characters. */
    static String newAgent() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** {@code HOST-XXXXXX}: the host name (cleaned to a node name) and the identity's first characters. */
    static String defaultFor(String host, String agent) {
        String clean = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-")
                .replaceAll("^-+|-+$", "");
        if (clean.isEmpty()) clean = "node";
        String suffix = "-" + agent.substring(0, Math.min(SUFFIX, agent.length()));
        String head = clean.substring(0, Math.min(63 - suffix.length(), clean.length())).replaceAll("-+$", "");
        return head + suffix;
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
