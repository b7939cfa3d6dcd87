package wuton.serve.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vote that was answered is on disk: the server is killed with SIGKILL right after, and the vote is there. */
class KillTest {
    /** Generous for a JVM starting Javalin on a busy two-core machine; a healthy start takes a second or two. */
    private static final long START_SECONDS = 120;

    @TempDir
    Path dir;

    @Test
    void aVoteSurvivesKillMinusNineOfTheServer() throws Exception {
        Path folder = StudyFixture.prepare(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
            StudyServer.class.getName(), folder.toString()).redirectErrorStream(true).start();
        try {
            int port = awaitPort(server);
            StudyClient participant = new StudyClient(port, null);
            assertThat(participant.get("/study").statusCode()).isEqualTo(200);
            assertThat(participant.vote("0", "right").statusCode()).isEqualTo(303);
            server.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no checkpoint
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.destroyForcibly();
        }
        String id = null;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve(VoteStore.FILE));
             Statement s = db.createStatement();
             ResultSet rows = s.executeQuery("SELECT participant, position, side FROM votes")) {
            assertThat(rows.next()).isTrue();
            id = rows.getString(1);
            assertThat(rows.getInt(2)).isZero();
            assertThat(rows.getString(3)).isEqualTo("right");
            assertThat(rows.next()).isFalse();
        }
        assertThat(id).hasSize(32);
    }

    /**
     * Waits until the server says its port. Its output is read to the end on another thread, so that a full pipe
     * never blocks it, and kept to explain a failed start.
     */
    private static int awaitPort(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        StringBuffer seen = new StringBuffer();
        AtomicInteger port = new AtomicInteger(-1);
        CountDownLatch listening = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    if (line.startsWith("port ")) {
                        port.set(Integer.parseInt(line.substring(5).trim()));
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                // the server is gone; the assertion below says so
            }
            listening.countDown();
        });
        reader.setDaemon(true);
        reader.start();
        listening.await(START_SECONDS, TimeUnit.SECONDS);
        assertThat(port.get()).as("the server's port; it wrote:%n%s", seen).isPositive();
        return port.get();
    }
}
