package io.layerx.provider.task.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.layerx.model.Cluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/**
 * Through the API: nodes of a cluster labelled {@code mesos.role=ml} are offered to a framework of role ml only,
 * reserved to it; a framework of another role gets the unreserved nodes, allocated to its role.
 */
class OfferRolesIT {

    @Test
    void aReservedNodeIsOfferedOnlyToAFrameworkOfItsRole() throws Exception {
        try (SimPool pool = new SimPool(1, 2000, 2048)) {
            pool.cp().addCluster(new Cluster("gpu", "sim", Map.of(OfferBook.ROLE_LABEL, "ml"),
                    Map.of("nodes", "1", "cpu", "2000", "memory", "2048", "startDelayMs", "20"), null));
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.cp().nodes(null).size() == 2
                    && pool.cp().nodes(null).stream().allMatch(n -> n.node().ready()));
            String gpuNode = pool.cp().nodes(null).stream().filter(n -> n.node().cluster().equals("gpu")).findFirst()
                    .orElseThrow().node().name();
            try (MesosClient web = pool.client().subscribe(withRoles("web", "web"))) {
                Offer plain = Launches.firstOffer(web);
                assertThat(plain.getAgentId().getValue()).isNotEqualTo(gpuNode);
                assertThat(plain.getResourcesList()).allSatisfy(r -> {
                    assertThat(r.getAllocationInfo().getRole()).isEqualTo("web");
                    assertThat(r.getReservationsList()).isEmpty();
                });
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> offers(web).stream().noneMatch(o -> o.getAgentId().getValue().equals(gpuNode)));

                try (MesosClient ml = pool.client().subscribe(withRoles("trainer", "batch", "ml"))) {
                    Offer reserved = ml.await(e -> e.getType() == Event.Type.OFFERS && e.getOffers().getOffersList().stream()
                            .anyMatch(o -> o.getAgentId().getValue().equals(gpuNode))).getOffers().getOffersList().stream()
                            .filter(o -> o.getAgentId().getValue().equals(gpuNode)).findFirst().orElseThrow();
                    assertThat(reserved.getAllocationInfo().getRole()).isEqualTo("ml");
                    assertThat(reserved.getResourcesList()).allSatisfy(r -> {
                        assertThat(r.getAllocationInfo().getRole()).isEqualTo("ml");
                        assertThat(r.getReservations(0).getRole()).isEqualTo("ml");
                    });
                    assertThat(offers(web)).noneMatch(o -> o.getAgentId().getValue().equals(gpuNode));
                }
            }
        }
    }

    private static FrameworkInfo withRoles(String name, String... roles) {
        return MesosClient.info(name).toBuilder().addAllRoles(List.of(roles))
                .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.MULTI_ROLE)).build();
    }

    private static List<Offer> offers(MesosClient c) {
        return c.events.stream().filter(e -> e.getType() == Event.Type.OFFERS).flatMap(e -> e.getOffers().getOffersList().stream()).toList();
    }
}
