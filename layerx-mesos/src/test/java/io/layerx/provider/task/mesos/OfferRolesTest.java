package io.layerx.provider.task.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.layerx.model.Node;
import io.layerx.model.NodeState;
import io.layerx.model.Resources;
import io.layerx.service.NodeView;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.junit.jupiter.api.Test;

/**
 * Roles change offers as Mesos reservations do: a node labelled {@code mesos.role=R} is offered only to frameworks
 * with role R, allocated to R and shown as reserved to R; an unreserved node goes to any framework, allocated to its
 * first role.
 */
class OfferRolesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aReservedNodeGoesOnlyToAFrameworkOfItsRole() {
        NodeView gpu = node("gpu-1", Map.of(OfferBook.ROLE_LABEL, "ml"));
        NodeView plain = node("plain-1", Map.of());
        Framework web = framework("a-web", List.of("web"));
        Framework ml = framework("b-ml", List.of("batch", "ml"));

        Map<String, OfferBook.Offer> byNode = new OfferBook().make(List.of(gpu, plain), List.of(web, ml), new HashMap<>(), NOW)
                .stream().collect(Collectors.toMap(OfferBook.Offer::node, o -> o));
        assertThat(byNode.get("gpu-1").framework()).isEqualTo("b-ml");
        assertThat(byNode.get("gpu-1").role()).isEqualTo("ml");
        assertThat(byNode.get("plain-1").framework()).as("the smaller dominant share: web holds nothing").isEqualTo("a-web");
        assertThat(byNode.get("plain-1").role()).isEqualTo("web");

        assertThat(new OfferBook().make(List.of(gpu), List.of(web), new HashMap<>(), NOW))
                .as("no framework of the node's role: not offered").isEmpty();
    }

    @Test
    void reservedResourcesCarryTheReservationAndUnreservedOnesDoNot() {
        List<Resource> reserved = TaskMapping.resources(new Resources(2000, 1024, 0), "ml", "ml");
        assertThat(reserved).allSatisfy(r -> {
            assertThat(r.getAllocationInfo().getRole()).isEqualTo("ml");
            assertThat(r.getRole()).isEqualTo("ml");
            assertThat(r.getReservationsList()).singleElement().satisfies(x -> {
                assertThat(x.getRole()).isEqualTo("ml");
                assertThat(x.getType()).isEqualTo(Resource.ReservationInfo.Type.STATIC);
            });
        });
        List<Resource> unreserved = TaskMapping.resources(new Resources(2000, 1024, 0), "web", null);
        assertThat(unreserved).allSatisfy(r -> {
            assertThat(r.getAllocationInfo().getRole()).isEqualTo("web");
            assertThat(r.getReservationsList()).isEmpty();
            assertThat(r.getRole()).isEqualTo("*");
        });
    }

    @Test
    void rolesAreReadAndCheckedAsMesosDoes() {
        FrameworkInfo plain = FrameworkInfo.newBuilder().setUser("root").setName("p").build();
        assertThat(new Framework("p", plain).roles()).containsExactly("*");
        assertThat(new Framework("p", plain.toBuilder().setRole("web").build()).roles()).containsExactly("web");
        FrameworkInfo.Capability multi = FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.MULTI_ROLE).build();
        assertThat(new Framework("p", plain.toBuilder().addCapabilities(multi).build()).roles())
                .as("MULTI_ROLE with no roles: subscribed to none, offered nothing").isEmpty();

        assertThat(Framework.roleProblems(plain.toBuilder().addCapabilities(multi).addRoles("a").addRoles("b/c").build())).isEmpty();
        assertThat(Framework.roleProblems(plain.toBuilder().addRoles("a").build()))
                .containsExactly("'FrameworkInfo.roles' needs the MULTI_ROLE capability");
        assertThat(Framework.roleProblems(plain.toBuilder().addCapabilities(multi).setRole("a").addRoles("a").addRoles("a")
                .addRoles("-x").addRoles("b//c").addRoles("..").build())).containsExactly(
                "'FrameworkInfo.role' must not be set when the framework has the MULTI_ROLE capability",
                "'FrameworkInfo.roles' contains duplicates",
                "role '-x' is not a valid role name", "role 'b//c' is not a valid role name", "role '..' is not a valid role name");
    }

    private static NodeView node(String name, Map<String, String> labels) {
        return new NodeView(new Node(name, "c", "sim", new Resources(4000, 4096, 0), labels, NodeState.READY, "", 0, 0, NOW),
                Resources.ZERO, 0);
    }

    private static Framework framework(String id, List<String> roles) {
        return new Framework(id, FrameworkInfo.newBuilder().setUser("root").setName(id).addAllRoles(roles)
                .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
                .setId(FrameworkID.newBuilder().setValue(id)).build());
    }
}
