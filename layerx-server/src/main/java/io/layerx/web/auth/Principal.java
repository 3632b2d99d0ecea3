package io.layerx.web.auth;

/** Who made a request: the role and the name of the token it carried. */
public record Principal(Role role, String name) {
}
