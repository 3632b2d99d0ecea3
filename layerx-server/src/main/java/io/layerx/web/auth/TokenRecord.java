package io.layerx.web.auth;

import java.time.Instant;

/**
 * What the store keeps of a token, under {@code /tokens/<sha256-hex of the token>}; never the token itself.
 *
 * @param revoked why the token no longer verifies, told to whoever presents it; {@code ""} while it is valid
 */
public record TokenRecord(Role role, String name, Instant created, String revoked) {
    public TokenRecord {
        revoked = revoked == null ? "" : revoked;
    }

    public TokenRecord(Role role, String name, Instant created) {
        this(role, name, created, "");
    }

    TokenRecord withRevoked(String why) {
        return new TokenRecord(role, name, created, why);
    }
}
