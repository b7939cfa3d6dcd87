package wuton.serve.study;

import java.util.List;
import java.util.stream.Collectors;

/** The organiser's view of a study: the preferences as an HTML page, and every vote as CSV. */
final class ResultsPage {
    /** The CSV's columns, one vote a row. */
    static final String CSV_HEADER = "participant,position,pair,person,cloth,left_model,right_model,side,chosen_model,"
        + "voted_at";

    private ResultsPage() {
    }

    /** The pooled preferences, then each participant's, as sentences. */
    static String html(Study study, List<Vote> votes) {
        List<Preference> preferences = Preference.of(votes, study.modelNames());
        long participants = votes.stream().map(Vote::participant).distinct().count();
        StringBuilder page = new StringBuilder("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>Study results</title>
            <style>body { font-family: system-ui, sans-serif; margin: 1rem auto; max-width: 60rem; padding: 0 1rem; }
            li { margin: 0.3rem 0; }</style></head><body>
            <h1>Study results</h1>
            """);
        page.append("<p>").append(votes.size()).append(" votes from ").append(participants).append(" participants; models ")
            .append(escape(String.join(", ", study.modelNames()))).append(". <em>p</em> is the probability that a"
                + " participant prefers the first model named; bounds are exact (Clopper-Pearson, one-sided).</p>\n");
        appendScope(page, "All participants", preferences.stream().filter(p -> p.scope().equals(Preference.POOLED)).toList());
        preferences.stream().map(Preference::scope).filter(s -> !s.equals(Preference.POOLED)).distinct()
            .forEach(scope -> appendScope(page, "Participant " + scope,
                preferences.stream().filter(p -> p.scope().equals(scope)).toList()));
        return page.append("</body></html>\n").toString();
    }

    private static void appendScope(StringBuilder page, String title, List<Preference> preferences) {
        page.append("<h2>").append(escape(title)).append("</h2>\n<ul>\n");
        if (preferences.isEmpty()) {
            page.append("<li>no votes yet</li>\n");
        }
        preferences.forEach(p -> page.append("<li>").append(escape(p.sentence())).append("</li>\n"));
        page.append("</ul>\n");
    }

    /** Every vote, with the pair's person and garment ids. */
    static String csv(Study study, List<Vote> votes) {
        return votes.stream().map(v -> {
            Study.StudyPair pair = study.pairs().get(v.pair());
            return String.join(",", v.participant(), "" + v.position(), "" + v.pair(), field(pair.person()),
                field(pair.cloth()), field(v.leftModel()), field(v.rightModel()), v.side().word(), field(v.chosenModel()),
                v.time().toString());
        }).collect(Collectors.joining("\n", CSV_HEADER + "\n", votes.isEmpty() ? "" : "\n"));
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break. */
    private static String field(String value) {
        if (value.matches("[^,\"\r\n]*")) {
            return value;
        }
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
