package io.layerx.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.layerx.cli.http.ApiClient;
import io.layerx.cli.output.Cells;
import io.layerx.cli.output.Column;
import io.layerx.cli.output.Description;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code layerx framework list|get|teardown}: the Mesos frameworks of a server that serves the Mesos API. */
@Command(name = "framework", description = "Inspect and tear down Mesos frameworks (served with layerx server --mesos-api).",
        subcommands = {FrameworkCommand.ListFrameworks.class, FrameworkCommand.Get.class, FrameworkCommand.Teardown.class})
public final class FrameworkCommand {

    static List<Column> columns(Instant now) {
        return List.of(
                new Column("ID", f -> Cells.text(f, "id")),
                new Column("NAME", f -> Cells.text(f, "name")),
                new Column("USER", f -> Cells.text(f, "user")),
                new Column("ROLES", f -> String.join(",", strings(f.path("roles")))),
                new Column("CONNECTED", f -> Cells.text(f, "connected")),
                new Column("OFFERS", f -> Cells.text(f, "offers")),
                new Column("TASKS", f -> Integer.toString(f.path("tasks").size())));
    }

    static String describe(JsonNode f, Instant now) {
        List<String> tasks = new ArrayList<>();
        f.path("tasks").properties().forEach(e -> tasks.add(e.getKey() + "=" + e.getValue().asText()
                + " (job " + f.path("jobs").path(e.getKey()).asText("-") + ")"));
        return new Description()
                .field("ID", Cells.text(f, "id"))
                .field("Name", Cells.text(f, "name"))
                .field("User", Cells.text(f, "user"))
                .field("Roles", String.join(", ", strings(f.path("roles"))))
                .field("Connected", Cells.text(f, "connected"))
                .field("Suppressed", Cells.text(f, "suppressed"))
                .field("Failover timeout", Cells.text(f, "failoverTimeoutSeconds") + "s")
                .field("Offers", Cells.text(f, "offers"))
                .field("Tasks", tasks.isEmpty() ? "-" : String.join("\n", tasks))
                .render();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Command(name = "list", description = "List the Mesos frameworks.")
    static final class ListFrameworks extends Listing {
        ListFrameworks() {
            super("/v1/frameworks", "frameworks", FrameworkCommand::columns);
        }
    }

    @Command(name = "get", description = "Show one framework and its tasks.")
    static final class Get extends Showing {
        Get() {
            super("/v1/frameworks", FrameworkCommand::describe);
        }
    }

    @Command(name = "teardown", description = "Tear a framework down, as its TEARDOWN call does: its tasks are killed.")
    static final class Teardown extends NamedAction {
        @Override
        String act(ApiClient client) {
            client.delete("/v1/frameworks/" + ApiClient.segment(name));
            return "framework " + name + " torn down; its tasks are being killed";
        }
    }
}
