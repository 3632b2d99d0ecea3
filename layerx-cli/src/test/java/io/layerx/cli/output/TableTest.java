package io.layerx.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellWithThreeSpacesBetween() {
        String text = new Table(List.of("ID", "JOB", "STATE"))
                .add(List.of("web-1", "web", "running"))
                .add(List.of("batch-12345", "batch", "-"))
                .render();
        assertThat(text).isEqualTo("""
                ID            JOB     STATE
                web-1         web     running
                batch-12345   batch   -
                """);
    }

    @Test
    void noTrailingBlanksWhenTheLastCellIsShort() {
        String text = new Table(List.of("NAME", "LONGHEADER")).add(List.of("a", "b")).render();
        assertThat(text.lines()).allSatisfy(l -> assertThat(l).doesNotEndWith(" "));
    }

    @Test
    void aRowOfTheWrongWidthIsABug() {
        assertThatThrownBy(() -> new Table(List.of("A", "B")).add(List.of("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
