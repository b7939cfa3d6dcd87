package wuton.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars on stderr, so that stdout carries only results (paths, JSON). */
final class Progress {
    private Progress() {
    }

    static ProgressBar bar(String task, long total) {
        return bar(task, total, 0);
    }

    /** A bar that starts at {@code done} of {@code total}; its speed and ETA count from there. */
    static ProgressBar bar(String task, long total, long done) {
        return new ProgressBarBuilder()
            .startsFrom(done, java.time.Duration.ZERO)
            .setTaskName(task)
            .setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .showSpeed()
            .build();
    }
}
