package io.layerx.agent;

/**
 * The agent's identity and what a join gave it, kept in {@code DATA/agent.json} so a restarted agent acts as the
 * same agent and node.
 *
 * @param server     the server the node joined at; {@code null} before the first join
 * @param node       the node's name
 * @param credential the node-scoped bearer token; {@code null} before the first join
 * @param logKey     the token the server presents to read task logs
 * @param agent      the agent's identity: made once per data folder, random
 */
record Identity(String server, String node, String cluster, String credential, String logKey, String agent) {

    /** Not joined yet: only who the agent is and the node it means to be. */
    static Identity unjoined(String node, String cluster, String agent) {
        return new Identity(null, node, cluster, null, null, agent);
    }

    boolean joined() {
        return credential != null && !credential.isBlank();
    }

    Identity withAgent(String id) {
        return new Identity(server, node, cluster, credential, logKey, id);
    }
}
