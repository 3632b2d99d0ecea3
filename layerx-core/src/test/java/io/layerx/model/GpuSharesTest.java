package io.layerx.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GpuSharesTest {

    @Test
    void aShareGoesToTheFullestDeviceThatHoldsIt() {
        GpuShares free = GpuShares.of(1000, 300, 600, 500);
        assertThat(free.choose(460)).containsExactly(3);
        assertThat(free.choose(550)).containsExactly(2);
        assertThat(free.choose(700)).containsExactly(0);
        assertThat(free.take(460)).isEqualTo(GpuShares.of(1000, 300, 600, 40));
    }

    @Test
    void aShareMustFitOnOneDeviceNotOnTheirSum() {
        GpuShares free = GpuShares.of(400, 400, 400);
        assertThat(free.fits(500)).isFalse();
        assertThat(free.choose(500)).isNull();
        assertThat(free.take(500)).isEqualTo(free);
        assertThat(free.fits(400)).isTrue();
    }

    @Test
    void wholeDevicesTakeIdleOnesOnly() {
        GpuShares free = GpuShares.of(1000, 999, 1000, 1000);
        assertThat(free.idle()).isEqualTo(3);
        assertThat(free.choose(2000)).containsExactly(0, 2);
        assertThat(free.choose(3000)).containsExactly(0, 2, 3);
        assertThat(free.fits(4000)).isFalse();
        assertThat(free.minus(List.of(0, 2), 2000)).isEqualTo(GpuShares.of(0, 999, 0, 1000));
    }

    @Test
    void noGpuFitsEverywhereAndTakesNothing() {
        assertThat(GpuShares.NONE.fits(0)).isTrue();
        assertThat(GpuShares.NONE.choose(0)).isEmpty();
        assertThat(GpuShares.NONE.fits(1)).isFalse();
    }

    @Test
    void validDemandsAreSharesBelowOneOrWholeDevices() {
        assertThat(GpuShares.valid(0)).isTrue();
        assertThat(GpuShares.valid(460)).isTrue();
        assertThat(GpuShares.valid(1000)).isTrue();
        assertThat(GpuShares.valid(3000)).isTrue();
        assertThat(GpuShares.valid(1500)).isFalse();
        assertThat(GpuShares.valid(-1)).isFalse();
    }

    @Test
    void aNodeCountsItsDevicesAndNamesTheirModel() {
        Node n = new Node("n", "c", "sim", Resources.of(1000, 1000), java.util.Map.of(), null, "", 0, 0, null,
                List.of(new GpuDevice(1, "A100", 81_920), new GpuDevice(0, "A100", 81_920)));
        assertThat(n.capacity().gpu()).isEqualTo(2000);
        assertThat(n.labels()).containsEntry(GpuDevice.MODEL_LABEL, "A100").containsEntry(GpuDevice.COUNT_LABEL, "2");
        assertThat(n.gpus()).extracting(GpuDevice::index).containsExactly(0, 1);
        assertThat(n.withCapacity(Resources.of(5, 5)).capacity().gpu()).isEqualTo(2000);
    }

    @Test
    void recordsStoredBeforeGpusReadWithout() {
        byte[] resources = "{\"cpu\":1,\"memory\":2,\"disk\":3}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(io.layerx.store.Codec.decode(resources, Resources.class)).isEqualTo(new Resources(1, 2, 3));
        Task t = Task.pending("t", io.layerx.testkit.JobBuilder.aJob().named("j").build()
                .withVersion(1, java.time.Instant.EPOCH), 0, 0, java.time.Instant.EPOCH);
        String json = new String(io.layerx.store.Codec.encode(t), java.nio.charset.StandardCharsets.UTF_8)
                .replace(",\"gpus\":[]", "");
        assertThat(json).doesNotContain("gpus");
        assertThat(io.layerx.store.Codec.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Task.class).gpus())
                .isEmpty();
    }

    @Test
    void theValidatorNamesNegativeAndFractionalMultiDeviceRequests() {
        assertThat(JobValidator.gpuProblem("gpu", -500)).hasValue("gpu must be >= 0, got -0.5");
        assertThat(JobValidator.gpuProblem("gpu", 1500)).get().asString()
                .startsWith("gpu 1.5 is more than one device but not whole devices");
        assertThat(JobValidator.gpuProblem("gpu", 460)).isEmpty();
        assertThat(JobValidator.gpuProblem("gpu", 2000)).isEmpty();
    }
}
