package io.layerx.web.auth;

import java.time.Instant;

/** What the store keeps of a token, under {@code /tokens/<sha256-hex of the token>}; never the token itself. */
public record TokenRecord(Role role, String name, Instant created) {
}
