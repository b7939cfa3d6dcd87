package wuton.serve.study;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import wuton.common.UserError;

/**
 * The study's votes, in an SQLite database beside its pictures ({@value #FILE}). Each vote is its own transaction,
 * committed before the participant sees the next pair, so a vote that was answered is on disk even if the server is
 * killed the next instant.
 *
 * <p>The database is in WAL mode (a commit appends to the log instead of rewriting pages, and readers such as the
 * results page never block a vote) with {@code synchronous=FULL}: every commit waits for the log to reach the disk.
 * NORMAL would only wait at checkpoints, which survives a killed process but may lose the last votes to a power
 * cut; a participant's minutes are worth more than the millisecond an fsync costs at the pace people vote.
 *
 * <p>One connection serves every thread, taking turns: SQLite writes one transaction at a time anyway.
 */
public final class VoteStore implements AutoCloseable {
    /** The database's file name in the study folder. */
    public static final String FILE = "votes.sqlite";

    private static final String SCHEMA = """
        CREATE TABLE IF NOT EXISTS votes (
            participant TEXT NOT NULL,
            position INTEGER NOT NULL,
            pair INTEGER NOT NULL,
            left_model TEXT NOT NULL,
            right_model TEXT NOT NULL,
            chosen_model TEXT NOT NULL,
            side TEXT NOT NULL CHECK (side IN ('left', 'right')),
            voted_at TEXT NOT NULL,
            PRIMARY KEY (participant, position)
        )""";

    private final Path file;
    private final Connection connection;

    private VoteStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (or creates) the votes of the study in {@code folder}.
     *
     * @throws UserError naming the file when it is not a database this store can use
     */
    public static VoteStore open(Path folder) {
        Path file = folder.resolve(FILE);
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                // a second process reading the file (a sqlite3 shell) may hold a lock for a moment
                s.execute("PRAGMA busy_timeout=5000");
                s.execute(SCHEMA);
            }
            connection.setAutoCommit(false);
            connection.commit();
            return new VoteStore(file, connection);
        } catch (SQLException e) {
            throw new UserError("cannot open the votes " + file + ": " + e.getMessage(), e);
        }
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /**
     * Stores a vote, in one committed transaction.
     *
     * @return false when the participant had already voted at that position (a form sent twice): nothing stored
     */
    public synchronized boolean record(Vote vote) {
        String sql = "INSERT OR IGNORE INTO votes (participant, position, pair, left_model, right_model, chosen_model,"
            + " side, voted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, vote.participant());
            insert.setInt(2, vote.position());
            insert.setInt(3, vote.pair());
            insert.setString(4, vote.leftModel());
            insert.setString(5, vote.rightModel());
            insert.setString(6, vote.chosenModel());
            insert.setString(7, vote.side().word());
            insert.setString(8, vote.time().toString());
            int rows = insert.executeUpdate();
            connection.commit();
            return rows == 1;
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot store a vote in " + file + ": " + e.getMessage(), e);
        }
    }

    /** How many votes the participant has given: the position of their next one. */
    public synchronized int count(String participant) {
        try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM votes WHERE participant = ?")) {
            query.setString(1, participant);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                int count = rows.getInt(1);
                connection.commit();
                return count;
            }
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot read the votes in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every vote, by participant and position. */
    public synchronized List<Vote> all() {
        String sql = "SELECT participant, position, pair, left_model, right_model, side, voted_at FROM votes"
            + " ORDER BY participant, position";
        try (Statement query = connection.createStatement(); ResultSet rows = query.executeQuery(sql)) {
            List<Vote> votes = new ArrayList<>();
            while (rows.next()) {
                votes.add(new Vote(rows.getString(1), rows.getInt(2), rows.getInt(3), rows.getString(4),
                    rows.getString(5), Vote.Side.of(rows.getString(6)), Instant.parse(rows.getString(7))));
            }
            connection.commit();
            return votes;
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("cannot read the votes in " + file + ": " + e.getMessage(), e);
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the caller reports the first error
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
