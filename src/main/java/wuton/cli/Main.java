package wuton.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import wuton.common.UserError;
import wuton.nn.NonFiniteException;

/**
 * The {@code wuton} command line: one subcommand per verb. User errors print one line and exit 2;
 * bugs print one line and exit 1, with the stack trace under {@code --verbose}.
 */
@Command(name = "wuton", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Parser-free virtual try-on (WUTON): synthetic data, training, try-on, evaluation.",
    subcommands = {SynthCommand.class, DemoCommand.class, DataCommand.class, BenchCommand.class, TrainCommand.class,
        ExportCommand.class, EvalCommand.class, EvalPhotosCommand.class, TryOnCommand.class, CatalogCommand.class,
        ServeCommand.class, StudyCommand.class, PrepareCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status for bad input (an argument, a file, a dataset). */
    public static final int EXIT_USER_ERROR = 2;
    /** Exit status for a bug. */
    public static final int EXIT_INTERNAL_ERROR = 1;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
        description = "Debug logging, and stack traces on errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit status. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the CLI with its own output and error streams (tests use this to read messages). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        if (verbose) {
            // read by logback.xml; must be set before the first logger is created
            System.setProperty("wuton.log.level", "DEBUG");
        }
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine, verbose));
        cli.setParameterExceptionHandler(Main::reportBadArguments);
        return cli.execute(args);
    }

    private static int reportBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandName() + ": " + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName()
            + " --help')");
        return EXIT_USER_ERROR;
    }

    private static int report(Exception e, CommandLine cmd, boolean verbose) {
        PrintWriter err = cmd.getErr();
        Throwable userError = userErrorIn(e);
        if (userError != null) {
            err.println(cmd.getCommandName() + ": " + userError.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            return EXIT_USER_ERROR;
        }
        Throwable nonFinite = causeOfType(e, NonFiniteException.class);
        if (nonFinite != null) {
            // not the user's input, nor a bug here: the model or this machine's native libraries computed NaN
            err.println(cmd.getCommandName() + ": " + nonFinite.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            return EXIT_INTERNAL_ERROR;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        if (verbose) {
            log.error("internal error", e);
        } else {
            err.println(cmd.getCommandName() + ": internal error: " + e
                + " (run again with --verbose for the stack trace)");
        }
        return EXIT_INTERNAL_ERROR;
    }

    private static Throwable causeOfType(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    /** A user error, or an I/O failure (a disk full, a path we cannot write), anywhere in the cause chain. */
    private static Throwable userErrorIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError || t instanceof UncheckedIOException) {
                return t;
            }
        }
        return null;
    }
}
