package wuton.serve.study;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The study's pages on a Javalin server, mounted with one call:
 * <ul>
 * <li>{@code GET /study}: the participant's next vote, a person, a garment and two results side by side, or a
 *     thank-you once all are given. A participant is known by a cookie ({@value #COOKIE}), so they can leave and
 *     come back on the same device.</li>
 * <li>{@code POST /study/vote} (form: {@code position}, {@code side}): stores the vote, then sends back to
 *     {@code /study}. A form for another position than the participant's next (sent twice, or from an old tab)
 *     stores nothing.</li>
 * <li>{@code GET /study/image/NAME}: the study's pictures, and nothing else of its folder.</li>
 * <li>{@code GET /study/results?token=T} and {@code /study/results.csv?token=T}: the preferences, and every vote;
 *     403 without the token.</li>
 * </ul>
 *
 * <pre>{@code
 * String token = StudyRoutes.newToken();
 * try (StudyRoutes routes = StudyRoutes.register(app, Study.read(folder), token)) { ... }
 * }</pre>
 */
public final class StudyRoutes implements AutoCloseable {
    /** The cookie holding the participant's id. */
    public static final String COOKIE = "wuton_study_participant";
    /** A participant id: 32 lowercase hexadecimal digits, as {@link #newId} makes them. */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    /** The cookie's lifetime: a study may run for weeks. */
    private static final int COOKIE_SECONDS = 365 * 24 * 3600;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Study study;
    private final VoteStore store;
    private final byte[] token;
    private final Clock clock;
    private final String votePage = resource("vote.html");
    private final String donePage = resource("done.html");

    private StudyRoutes(Study study, VoteStore store, String token, Clock clock) {
        this.study = study;
        this.store = store;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /**
     * Adds the study's routes to {@code app} and opens its votes ({@link VoteStore#FILE} in the study folder),
     * closed when the server stops or the returned routes are closed.
     *
     * @param resultsToken what {@code ?token=} must be to see the results; print it where the organiser sees it
     */
    public static StudyRoutes register(Javalin app, Study study, String resultsToken) {
        if (resultsToken == null || resultsToken.isBlank()) {
            throw new IllegalArgumentException("the results token must not be empty");
        }
        StudyRoutes routes = new StudyRoutes(study, VoteStore.open(study.folder()), resultsToken, Clock.systemUTC());
        app.get("/study", routes::page);
        app.post("/study/vote", routes::vote);
        app.get("/study/image/{name}", routes::image);
        app.get("/study/results", routes::results);
        app.get("/study/results.csv", routes::csv);
        app.events(events -> events.serverStopped(routes::close));
        return routes;
    }

    /** A fresh results token: 128 random bits, in hexadecimal. */
    public static String newToken() {
        return newId();
    }

    /** The votes the routes store into. */
    public VoteStore store() {
        return store;
    }

    private void page(Context ctx) {
        String participant = participant(ctx);
        Assignment assignment = Assignment.of(study, participant);
        int position = store.count(participant);
        ctx.header("Cache-Control", "no-store");
        if (position >= assignment.size()) {
            ctx.html(fill(donePage, Map.of("total", "" + assignment.size())));
            return;
        }
        Assignment.Trial trial = assignment.trial(position);
        ctx.html(fill(votePage, Map.of(
            "person", imageUrl(Study.personImage(trial.pair())),
            "cloth", imageUrl(Study.clothImage(trial.pair())),
            "left", imageUrl(Study.resultImage(trial.pair(), trial.leftModel())),
            "right", imageUrl(Study.resultImage(trial.pair(), trial.rightModel())),
            "position", "" + position,
            "number", "" + (position + 1),
            "total", "" + assignment.size())));
    }

    private void vote(Context ctx) {
        String participant = participant(ctx);
        Vote.Side side = Vote.Side.of(ctx.formParam("side"));
        Integer position = parsePosition(ctx.formParam("position"));
        if (side == null || position == null) {
            ctx.status(HttpStatus.BAD_REQUEST).result("a vote needs side=left|right and position=N");
            return;
        }
        Assignment assignment = Assignment.of(study, participant);
        // only the participant's next vote counts: the page they answered is the page they were shown
        if (position == store.count(participant) && position < assignment.size()) {
            Assignment.Trial trial = assignment.trial(position);
            List<String> models = study.modelNames();
            store.record(new Vote(participant, position, trial.pair(), models.get(trial.leftModel()),
                models.get(trial.rightModel()), side, clock.instant()));
        }
        ctx.redirect("/study", HttpStatus.SEE_OTHER);
    }

    private void image(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        if (!study.hasImage(name)) {
            ctx.status(HttpStatus.NOT_FOUND).result("no such picture");
            return;
        }
        ctx.contentType("image/png");
        // a study's pictures never change: let a phone keep them
        ctx.header("Cache-Control", "private, max-age=86400");
        ctx.result(Files.readAllBytes(study.folder().resolve(name)));
    }

    private void results(Context ctx) {
        if (!authorized(ctx)) {
            return;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.html(ResultsPage.html(study, store.all()));
    }

    private void csv(Context ctx) {
        if (!authorized(ctx)) {
            return;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"votes.csv\"");
        ctx.result(ResultsPage.csv(study, store.all()));
    }

    /** Whether the request carries the results token; answers 403 when not. */
    private boolean authorized(Context ctx) {
        String given = ctx.queryParam("token");
        // compared in constant time, so that response times tell nothing about the token
        boolean ok = given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            ctx.status(HttpStatus.FORBIDDEN).result("the results need ?token= as printed when the server started");
        }
        return ok;
    }

    /** The participant's id from their cookie, or a new one, set as their cookie. */
    private static String participant(Context ctx) {
        String id = ctx.cookie(COOKIE);
        if (id != null && ID.matcher(id).matches()) {
            return id;
        }
        String fresh = newId();
        ctx.header("Set-Cookie", COOKIE + "=" + fresh + "; Path=/study; Max-Age=" + COOKIE_SECONDS
            + "; HttpOnly; SameSite=Lax");
        return fresh;
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Integer parsePosition(String text) {
        if (text == null || !text.matches("\\d{1,9}")) {
            return null;
        }
        return Integer.valueOf(text);
    }

    private static String imageUrl(String name) {
        return "/study/image/" + name;
    }

    /** A template with each {@code {{key}}} replaced; values are numbers and file names, which need no escaping. */
    private static String fill(String template, Map<String, String> values) {
        String page = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            page = page.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        return page;
    }

    private static String resource(String name) {
        try (InputStream in = StudyRoutes.class.getResourceAsStream("/wuton/study/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the page wuton/study/" + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the votes; the routes then fail. Safe to call twice. */
    @Override
    public void close() {
        store.close();
    }
}
