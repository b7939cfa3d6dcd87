package wuton.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import wuton.TryOn;
import wuton.common.UserError;
import wuton.model.Stage;
import wuton.serve.LoadBenchmark.Report;
import wuton.testing.TinyModels;

/** The load benchmark's report with a tiny random student: its shape and its counts, not its speed. */
class LoadBenchmarkTest {
    @TempDir
    static Path folder;
    static TryOn student;

    @BeforeAll
    static void load() {
        student = TryOn.load(TinyModels.write(folder, "student", Stage.STUDENT));
    }

    @AfterAll
    static void close() {
        student.close();
    }

    private static Report run(LoadBenchmark.Builder settings) throws InterruptedException {
        return settings.build().run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static void assertCountsAddUp(Report.Run run, int requests) {
        assertThat(run.requests()).isEqualTo(requests);
        assertThat(run.ok() + run.refused() + run.errors()).isEqualTo(run.requests());
        assertThat(run.errors()).as(run.firstError()).isZero();
    }

    @Test
    void eachClientCountHasTheServiceBesideTheDirectCallsAndTheMemoryRun() throws InterruptedException {
        Report report = run(LoadBenchmark.builder(student).clients(List.of(1, 2)).requests(12).maxBatch(4)
            .memoryRequests(12).memoryClients(2));

        assertThat(report.rows()).extracting(Report.Row::clients).containsExactly(1, 2);
        for (Report.Row row : report.rows()) {
            assertCountsAddUp(row.service(), 12);
            assertCountsAddUp(row.direct(), 12);
            // the queue (32) holds every client's request: nothing is refused
            assertThat(row.service().ok()).isEqualTo(12);
            assertThat(row.direct().ok()).isEqualTo(12);
            assertThat(row.service().p99Ms()).isGreaterThanOrEqualTo(row.service().p50Ms());
            assertThat(row.ratio()).isEqualTo(row.service().imagesPerSecond() / row.direct().imagesPerSecond());
        }
        assertThat(report.bestDirect()).isEqualTo(Math.max(report.rows().get(0).direct().imagesPerSecond(),
            report.rows().get(1).direct().imagesPerSecond()));
        Report.Memory memory = report.memory();
        assertCountsAddUp(memory.run(), 12);
        // a reading before the run and one after its last request
        assertThat(memory.atRequests()).containsExactly(0, 12);
        assertThat(java.util.Arrays.stream(memory.rssMb())).allMatch(mb -> mb > 0);
        assertThat(memory.max()).isGreaterThanOrEqualTo(Math.max(memory.first(), memory.last()));

        Map<String, Object> json = report.toMap();
        assertThat(json).containsKeys("model", "max_batch", "queue", "results", "memory", "peak_rss_mb");
        assertThat((List<?>) json.get("results")).hasSize(2);
        assertThat(report.table().lines()).hasSize(1 + 2 + 1);
    }

    @Test
    void refusalsPastTheQueueAreCountedAmongTheRequests() throws InterruptedException {
        Report report = run(LoadBenchmark.builder(student).clients(List.of(6)).requests(12).maxBatch(1).queue(1)
            .memoryRequests(0));

        Report.Run service = report.rows().get(0).service();
        assertCountsAddUp(service, 12);
        assertThat(service.refusedShare()).isEqualTo(service.refused() / 12.0);
        assertThat(report.memory()).isNull();
    }

    @Test
    void badSettingsAreRefusedInOneLine() {
        assertThatThrownBy(() -> LoadBenchmark.builder(student).clients(List.of(4, 0)).build())
            .isInstanceOf(UserError.class).hasMessage("--clients [4, 0]: client counts must be at least 1");
        assertThatThrownBy(() -> LoadBenchmark.builder(student).requests(0).build())
            .isInstanceOf(UserError.class).hasMessage("--requests 0: must be at least 1");
        assertThatThrownBy(() -> LoadBenchmark.builder(student).maxSeconds(0).build())
            .isInstanceOf(UserError.class).hasMessage("--max-seconds 0.0: must be above 0");
    }
}
