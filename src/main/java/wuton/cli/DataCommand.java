package wuton.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code wuton data}: look at a try-on dataset. */
@Command(name = "data", mixinStandardHelpOptions = true,
    description = "Check and look at try-on datasets (VITON-HD, VITON, DressCode upper_body, MPV).",
    subcommands = {DataCheck.class, DataShow.class, DataBench.class})
public final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
