package wuton.serve.study;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A participant's browser, reduced to what the study needs: its cookie, the page, and the vote form. */
final class StudyClient {
    private static final Pattern POSITION = Pattern.compile("name=\"position\" value=\"(\\d+)\"");
    private static final Pattern IMAGES = Pattern.compile("src=\"(/study/image/[^\"]+)\"");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private String cookie;

    StudyClient(int port, String cookie) {
        this.base = "http://localhost:" + port;
        this.cookie = cookie;
    }

    /** The cookie the server gave (or the one it was started with). */
    String cookie() {
        return cookie;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        return remember(send(request));
    }

    /** Sends the vote form. */
    HttpResponse<String> vote(String position, String side) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/study/vote"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("position=" + position + "&side=" + side));
        return remember(send(request));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> remember(HttpResponse<String> response) {
        response.headers().firstValue("Set-Cookie").ifPresent(set -> cookie = set.substring(0, set.indexOf(';')));
        return response;
    }

    /** The position the vote page asks about, or -1 on another page. */
    static int position(String page) {
        Matcher m = POSITION.matcher(page);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The pictures of a vote page: person, garment, left result, right result. */
    static java.util.List<String> images(String page) {
        Matcher m = IMAGES.matcher(page);
        java.util.List<String> images = new java.util.ArrayList<>();
        while (m.find()) {
            images.add(m.group(1));
        }
        return images;
    }
}
