package wuton.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import wuton.TryOn;
import wuton.common.AtomicFiles;
import wuton.common.UserError;
import wuton.data.PhotoAnalysis;
import wuton.eval.PhotoScores;
import wuton.image.ImageFiles;
import wuton.image.ImageLimits;
import wuton.image.Letterbox;
import wuton.image.PhotoFolder;
import wuton.image.Photos;
import wuton.image.Plane;

/**
 * Scores try-ons on real photos, which have no ground truth: keep, placed and colour ({@link PhotoScores}) for every
 * photo and garment, for each model beside {@code identity} (the photo returned unchanged), with the regions that
 * h(p) (the shipped pose and person-mask models) finds in each photo. Writes {@code metrics.json} and a
 * {@code report.html} with the pictures.
 */
@Command(name = "eval-photos", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Score try-ons on real photos, which have no ground truth: keep (SSIM where nothing should change),"
        + " placed (the share of the change in the upper body) and colour (how far the torso moved to the garment's"
        + " colour), beside identity.",
        "Example: ./wuton eval-photos --photos photos/ --cloth shirt.png --out /tmp/photos-eval"})
final class EvalPhotosCommand implements Callable<Integer> {
    static final String METRICS = "metrics.json";
    static final String REPORT = "report.html";
    /** The pictures on the page are at most this high; the scores are taken at the photos' own size. */
    private static final int PAGE_HEIGHT = 256;
    private static final String IDENTITY = "identity";

    @Spec
    CommandSpec spec;

    @Mixin
    PhotoOptions photoOptions;

    @Mixin
    FramingOption framingOption;

    @Option(names = "--photos", required = true, paramLabel = "DIR", description = "A folder of person photos.")
    Path photos;

    @Option(names = "--cloth", required = true, paramLabel = "FILE|DIR",
        description = "A garment photo, or a folder of them: each photo is tried on with each.")
    Path cloth;

    @Option(names = "--compare", split = ",", paramLabel = "MODEL1,MODEL2,...",
        description = "Models (run folders or .safetensors files) to score; default: the shipped student and teacher"
            + " (the teacher through h(p)).")
    List<Path> compare;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Where " + METRICS + " and " + REPORT + " go; a folder holding other files is refused unless"
            + " --force.")
    Path out;

    @Option(names = "--force", description = "Write into an --out folder that holds other files.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        ImageLimits limits = photoOptions.limits();
        Map<String, Path> people = PhotoFolder.byStem(photos, "--photos", CatalogCommand.IMAGE_EXTENSIONS,
            "person photos");
        Map<String, Path> garments = Files.isDirectory(cloth)
            ? PhotoFolder.byStem(cloth, "--cloth", CatalogCommand.IMAGE_EXTENSIONS, "garment photos")
            : Map.of(stem(cloth), cloth);
        List<Path> models = compare != null ? compare
            : List.of(TryOn.defaultModel(), TryOn.shipped("models/wuton-teacher.safetensors"));
        List<Outputs.Input> inputs = new ArrayList<>(List.of(new Outputs.Input("--photos", photos),
            new Outputs.Input("--cloth", cloth)));
        models.forEach(model -> inputs.add(new Outputs.Input("--compare", model)));
        Outputs.checkNotAnInput("--out", out, inputs.toArray(Outputs.Input[]::new));
        Outputs.checkFolder("--out", out, force, name -> name.equals(METRICS) || name.equals(REPORT)
            || Outputs.isTemporary(name), "photo scores (" + METRICS + ", " + REPORT + ")");
        Map<String, BufferedImage> personImages = read(people, limits);
        Map<String, BufferedImage> garmentImages = read(garments, limits);

        // the regions, once per photo
        Map<String, PhotoScores.Regions> regions = new LinkedHashMap<>();
        Map<String, String> noPerson = new LinkedHashMap<>();
        try (PhotoAnalysis h = PhotoAnalysis.loadDefault()) {
            personImages.forEach((name, photo) -> {
                try {
                    Plane parse = h.analyse(photo).parse();
                    regions.put(name, PhotoScores.Regions.of(parse));
                } catch (UserError e) {
                    noPerson.put(name, e.getMessage());
                    regions.put(name, PhotoScores.Regions.none(photo.getWidth() * photo.getHeight()));
                }
            });
        }

        List<Row> rows = new ArrayList<>();
        Map<String, List<Shown>> pictures = new LinkedHashMap<>();
        score(IDENTITY, (photo, garment) -> photo, personImages, garmentImages, regions, rows, pictures);
        for (Path model : models) {
            try (TryOn tryOn = TryOn.load(model)) {
                tryOn.setImageLimits(limits);
                framingOption.applyTo(tryOn);
                String name = tryOn.describe().replaceAll(" \\(.*", "");
                score(name, (photo, garment) -> tryOn.apply(photo, garment), personImages, garmentImages, regions, rows,
                    pictures);
            }
        }
        Files.createDirectories(out);
        writeMetrics(rows, noPerson);
        writeReport(rows, noPerson, pictures);
        printSummary(rows);
        spec.commandLine().getOut().println(out.resolve(REPORT).toAbsolutePath());
        return 0;
    }

    /** One model's result on one photo and garment, or why there is none. */
    record Row(String model, String photo, String garment, PhotoScores scores, String error) {
    }

    /** A result on the page, with its scores. */
    private record Shown(Row row, BufferedImage picture) {
    }

    private interface Method {
        BufferedImage apply(BufferedImage photo, BufferedImage garment);
    }

    private void score(String model, Method method, Map<String, BufferedImage> people,
                       Map<String, BufferedImage> garments, Map<String, PhotoScores.Regions> regions, List<Row> rows,
                       Map<String, List<Shown>> pictures) {
        for (var person : people.entrySet()) {
            for (var garment : garments.entrySet()) {
                try {
                    BufferedImage result = method.apply(person.getValue(), garment.getValue());
                    PhotoScores scores = PhotoScores.of(person.getValue(), result, regions.get(person.getKey()),
                        garment.getValue());
                    Row row = new Row(model, person.getKey(), garment.getKey(), scores, null);
                    rows.add(row);
                    pictures.computeIfAbsent(person.getKey() + " + " + garment.getKey(), k -> new ArrayList<>())
                        .add(new Shown(row, result));
                } catch (UserError e) {
                    // a teacher's h(p) finds no person: that photo has no result from it, the others go on
                    rows.add(new Row(model, person.getKey(), garment.getKey(), null, e.getMessage()));
                }
            }
        }
    }

    private static Map<String, BufferedImage> read(Map<String, Path> files, ImageLimits limits) {
        Map<String, BufferedImage> images = new LinkedHashMap<>();
        files.forEach((name, file) -> images.put(name, Photos.read(file, limits)));
        return images;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The mean of each score over a model's rows that have it. */
    static Map<String, Double> means(List<Row> rows, String model) {
        double[] sum = new double[3];
        int[] n = new int[3];
        for (Row r : rows) {
            if (!r.model().equals(model) || r.scores() == null) {
                continue;
            }
            Double[] values = {r.scores().keep(), r.scores().placed(), r.scores().colour()};
            for (int i = 0; i < 3; i++) {
                if (values[i] != null && !values[i].isNaN()) {
                    sum[i] += values[i];
                    n[i]++;
                }
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        String[] names = {"keep", "placed", "colour"};
        for (int i = 0; i < 3; i++) {
            means.put(names[i], n[i] == 0 ? null : sum[i] / n[i]);
        }
        return means;
    }

    private List<String> modelNames(List<Row> rows) {
        return rows.stream().map(Row::model).distinct().toList();
    }

    private void writeMetrics(List<Row> rows, Map<String, String> noPerson) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("photos", photos.toAbsolutePath().toString());
        json.put("cloth", cloth.toAbsolutePath().toString());
        json.put("noPersonFound", noPerson);
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String model : modelNames(rows)) {
            summary.put(model, means(rows, model));
        }
        json.put("means", summary);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", r.model());
            row.put("photo", r.photo());
            row.put("garment", r.garment());
            if (r.scores() != null) {
                row.put("keep", Double.isNaN(r.scores().keep()) ? null : r.scores().keep());
                row.put("placed", r.scores().placed());
                row.put("colour", r.scores().colour());
            } else {
                row.put("error", r.error());
            }
            list.add(row);
        }
        json.put("rows", list);
        AtomicFiles.write(out.resolve(METRICS), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(json));
    }

    private void writeReport(List<Row> rows, Map<String, String> noPerson,
                             Map<String, List<Shown>> pictures) {
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>wuton: try-ons on photos"
            + "</title><style>body{font-family:sans-serif;margin:2em}td,th{padding:.2em .6em;text-align:right}"
            + "figure{display:inline-block;margin:.3em;text-align:center}</style><h1>Try-ons on photos</h1>"
            + "<p>keep: SSIM where nothing should change (all but the upper body that h(p) finds); placed: the share of"
            + " the change in the upper body; colour: how far the torso moved toward the garment's colour (1 all the"
            + " way). Means over the photos and garments.</p><table><tr><th>model<th>keep<th>placed<th>colour");
        for (String model : modelNames(rows)) {
            Map<String, Double> m = means(rows, model);
            html.append("<tr><td>").append(escape(model));
            m.values().forEach(v -> html.append("<td>").append(format(v)));
        }
        html.append("</table>");
        if (!noPerson.isEmpty()) {
            html.append("<p>No person found by h(p) (keep over the whole photo; placed and colour not measured): ");
            noPerson.forEach((photo, why) -> html.append("<br>").append(escape(photo)).append(": ")
                .append(escape(why)));
            html.append("</p>");
        }
        pictures.forEach((pair, shown) -> {
            html.append("<h2>").append(escape(pair)).append("</h2>");
            for (Shown s : shown) {
                html.append("<figure><img src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(ImageFiles.png(forPage(s.picture()))))
                    .append("\"><figcaption>").append(escape(s.row().model())).append("<br>")
                    .append(caption(s.row().scores())).append("</figcaption></figure>");
            }
        });
        AtomicFiles.write(out.resolve(REPORT), html.toString());
    }

    private static String caption(PhotoScores s) {
        return String.format(Locale.ROOT, "keep %s, placed %s, colour %s", format(s.keep()), format(s.placed()),
            format(s.colour()));
    }

    private static String format(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static BufferedImage forPage(BufferedImage picture) {
        if (picture.getHeight() <= PAGE_HEIGHT) {
            return picture;
        }
        int w = Math.max(1, (int) Math.round((double) picture.getWidth() * PAGE_HEIGHT / picture.getHeight()));
        Letterbox box = Letterbox.of(picture, w, PAGE_HEIGHT);
        return box.fit(picture, Letterbox.Padding.WHITE);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private void printSummary(List<Row> rows) {
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%-24s %8s %8s %8s%n", "model", "keep", "placed", "colour");
        for (String model : modelNames(rows)) {
            Map<String, Double> m = means(rows, model);
            o.printf(Locale.ROOT, "%-24s %8s %8s %8s%n", model, format(m.get("keep")), format(m.get("placed")),
                format(m.get("colour")));
        }
    }
}
