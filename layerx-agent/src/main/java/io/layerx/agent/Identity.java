package io.layerx.agent;

/**
 * What a join gave the agent, kept in {@code DATA/agent.json} so a restarted agent acts as the same node.
 *
 * @param credential the node-scoped bearer token
 * @param logKey     the token the server presents to read task logs
 */
record Identity(String server, String node, String cluster, String credential, String logKey) {
}
