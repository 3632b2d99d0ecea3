package io.layerx.cli;

import io.layerx.cli.agent.AgentCommand;
import io.layerx.cli.bench.BenchCommand;
import io.layerx.cli.commands.ClusterCommand;
import io.layerx.cli.commands.EventsCommand;
import io.layerx.cli.commands.FrameworkCommand;
import io.layerx.cli.commands.ImageSetCommand;
import io.layerx.cli.commands.JobCommand;
import io.layerx.cli.commands.NodeCommand;
import io.layerx.cli.commands.RebalanceCommand;
import io.layerx.cli.commands.TaskCommand;
import io.layerx.cli.commands.TopCommand;
import io.layerx.cli.commands.TokenCommand;
import io.layerx.cli.local.ServerCommand;
import io.layerx.cli.local.StoreCommand;
import io.layerx.cli.local.UpCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code layerx} command. Every subcommand is registered here, in {@code subcommands}: adding one is one line.
 * Exit codes: 0 done, 1 the API or the user's input refused it, 2 a usage error.
 */
@Command(name = "layerx", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "One control plane that pools many clusters into one resource pool and places work on it.",
        footer = {"", "Benchmarks: layerx bench --help (the launcher runs them from the layerx-bench module; "
                + "see docs/benchmarks.md); layerx bench start and layerx store bench run here."},
        subcommands = {
                UpCommand.class,
                ServerCommand.class,
                StoreCommand.class,
                ClusterCommand.class,
                NodeCommand.class,
                JobCommand.class,
                TaskCommand.class,
                TopCommand.class,
                EventsCommand.class,
                RebalanceCommand.class,
                ImageSetCommand.class,
                TokenCommand.class,
                FrameworkCommand.class,
                AgentCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main {

    public static final int USER_ERROR = 1;
    public static final int USAGE_ERROR = 2;

    public static void main(String[] args) {
        System.exit(commandLine(Context.system()).execute(args));
    }

    /** The whole command tree, reading the world through {@code context}. */
    public static CommandLine commandLine(Context context) {
        CommandLine cl = new CommandLine(Main.class, new ContextFactory(context));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(Main::onFailure);
        cl.setParameterExceptionHandler(Main::onUsageError);
        return cl;
    }

    private static int onFailure(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof CommandError ce) {
            err.println("Error: " + ce.getMessage());
            ce.details().forEach(d -> err.println("  " + d));
        } else {
            err.println("Error: internal error: " + e);
            if (System.getenv("LAYERX_DEBUG") != null) e.printStackTrace(err);
        }
        err.flush();
        return USER_ERROR;
    }

    private static int onUsageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("Error: " + usageMessage(e, cmd));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return USAGE_ERROR;
    }

    /** Picocli's words, except for a missing or unknown command, which say which commands there are. */
    static String usageMessage(ParameterException e, CommandLine cmd) {
        if (cmd.getSubcommands().isEmpty()) return e.getMessage();
        String name = cmd.getCommandSpec().qualifiedName();
        String commands = String.join(", ", cmd.getSubcommands().keySet().stream()
                .filter(n -> !n.equals("help") && !n.equals("ls")).toList());
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().getFirst().startsWith("-")) {
            return "unknown command '" + u.getUnmatched().getFirst() + "' for '" + name + "' (commands: "
                    + commands + ")";
        }
        if (e instanceof CommandLine.MissingParameterException
                || "Missing required subcommand".equals(e.getMessage())) {
            return "'" + name + "' needs a command: " + commands;
        }
        return e.getMessage();
    }

    /** The version in the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"layerx " + (v == null ? "dev" : v)};
        }
    }
}
