package wuton.cli;

import picocli.CommandLine.Option;
import wuton.data.BadData;

/**
 * {@code --max-bad}, for every verb that reads a dataset ({@code train}, {@code eval} and the {@code data}
 * subcommands): the option that the "too much bad data" message names, with one name and one default.
 */
final class MaxBadOption {
    @Option(names = "--max-bad", defaultValue = "" + BadData.DEFAULT_MAX_FRACTION, paramLabel = "FRACTION",
        description = "Fail when more than this fraction of the samples is bad (a missing, unreadable or malformed"
            + " file); bad samples up to it are skipped (default: ${DEFAULT-VALUE}).")
    double fraction;

    /**
     * The fraction, checked, so that a verb can refuse a bad value before it writes anything.
     *
     * @throws wuton.common.UserError when it is not between 0 and 1
     */
    double fraction() {
        return BadData.checkFraction(fraction);
    }
}
