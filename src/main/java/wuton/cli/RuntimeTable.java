package wuton.cli;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.InferenceMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import wuton.data.ImageTensors;
import wuton.data.PhotoAnalysis;
import wuton.modelfile.TrainedModel;

/**
 * {@code bench --table2}: the paper's runtime table (its Table 2: parsing + pose, try-on and total, for the teacher
 * pipeline {h, T-WUTON} and for S-WUTON) with wuton's own numbers, measured one after the other in one run on one
 * photo at a time.
 *
 * <p>What each row times, per photo, median over the timed iterations:
 * <ul>
 *   <li>h(p) ({@link PhotoAnalysis}): MoveNet's keypoints, the selfie segmenter's mask, the parsing guessed from
 *       both, and the agnostic person p* as the teacher's input tensor;</li>
 *   <li>try-on: one generator forward pass at batch 1, from input tensors on the device to the output image
 *       tensor (the teacher on p*, the student on the photo itself), as the paper's try-on row does.</li>
 * </ul>
 * A third column, beyond the paper, is S-WUTON framed on the person ({@code tryon --frame person}): h(p) without
 * p*, then the student's pass.
 * h(p)'s models run on the CPU whatever {@code --device} says; the try-on runs on the device.
 */
final class RuntimeTable {
    /** The paper's figures (NVIDIA V100), for the printed comparison: h(p), T-WUTON try-on, S-WUTON try-on. */
    static final double PAPER_PARSING_MS = 168, PAPER_TEACHER_MS = 13, PAPER_STUDENT_MS = 13;
    private static final double MS_PER_S = 1e3;

    /** Times a body: {@code warmup} untimed runs, then one time in milliseconds per timed run. */
    interface Timer {
        double[] time(Runnable body);
    }

    private final TrainedModel teacher;
    private final TrainedModel student;
    private final PhotoAnalysis analysis;
    private final Device device;
    private final Timer timer;
    private final int warmup;

    /** @param warmup the untimed runs the timer makes before its timed ones */
    RuntimeTable(TrainedModel teacher, TrainedModel student, PhotoAnalysis analysis, Device device, Timer timer,
                 int warmup) {
        this.teacher = teacher;
        this.student = student;
        this.analysis = analysis;
        this.device = device;
        this.timer = timer;
        this.warmup = warmup;
    }

    /**
     * Measures every row on the photos, taken in turn, and the garment.
     *
     * @param photos person photos at the models' size (H x W of both models)
     * @return the figures, in milliseconds, as JSON-ready maps
     */
    Map<String, Object> measure(List<BufferedImage> photos, BufferedImage cloth) {
        // h(p), step by step: every timed run records its own steps' times
        List<PhotoAnalysis.Timing> steps = new ArrayList<>();
        int[] next = {0};
        List<PhotoAnalysis.Result> found = new ArrayList<>();
        for (BufferedImage photo : photos) {
            found.add(analysis.analyse(photo));
        }
        timer.time(() -> {
            BufferedImage photo = photos.get(next[0]++ % photos.size());
            steps.add(analysis.analyse(photo).timing());
        });
        List<PhotoAnalysis.Timing> timed = steps.subList(warmup, steps.size()); // the warm-up runs came first
        double poseMs = median(timed, PhotoAnalysis.Timing::poseMs);
        double maskMs = median(timed, PhotoAnalysis.Timing::maskMs);
        double parseMs = median(timed, PhotoAnalysis.Timing::parseMs);
        double agnosticMs = median(timer.time(() -> {
            int i = next[0]++ % photos.size();
            try (PointerScope scope = new PointerScope()) {
                ImageTensors.agnostic(List.of(photos.get(i)), List.of(found.get(i).parse()), List.of(found.get(i).pose()));
            }
        }));
        double teacherMs, studentMs;
        try (PointerScope scope = new PointerScope(); InferenceMode inference = new InferenceMode()) {
            Tensor agnostic = onDevice(ImageTensors.agnostic(List.of(photos.get(0)), List.of(found.get(0).parse()),
                List.of(found.get(0).pose())));
            Tensor person = onDevice(ImageTensors.of(List.of(photos.get(0))));
            Tensor garment = onDevice(ImageTensors.of(List.of(cloth)));
            teacherMs = median(timer.time(() -> teacher.image(agnostic, garment)));
            studentMs = median(timer.time(() -> student.image(person, garment)));
        }
        double hMs = poseMs + maskMs + parseMs + agnosticMs;

        Map<String, Object> parsing = new LinkedHashMap<>();
        parsing.put("pose_ms", poseMs);
        parsing.put("person_mask_ms", maskMs);
        parsing.put("guessed_parsing_ms", parseMs);
        parsing.put("agnostic_person_ms", agnosticMs);
        parsing.put("total_ms", hMs);
        Map<String, Object> teacherColumn = column(hMs, teacherMs);
        teacherColumn.put("parsing_and_pose", parsing);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", "table2");
        out.put("teacher", teacher.name());
        out.put("student", student.name());
        out.put("height", photos.get(0).getHeight());
        out.put("width", photos.get(0).getWidth());
        out.put("t_wuton", teacherColumn);
        out.put("s_wuton", column(0, studentMs));
        // tryon --frame person: h(p) finds the person (its pose and mask; the parsing comes with them), and the
        // student tries on the crop; no p*
        out.put("s_wuton_framed", column(poseMs + maskMs + parseMs, studentMs));
        return out;
    }

    private Tensor onDevice(Tensor cpu) {
        return cpu.to(device, torch.ScalarType.Float);
    }

    private static Map<String, Object> column(double parsingMs, double tryOnMs) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("parsing_and_pose_ms", parsingMs);
        c.put("try_on_ms", tryOnMs);
        c.put("total_ms", parsingMs + tryOnMs);
        c.put("images_per_s", MS_PER_S / (parsingMs + tryOnMs));
        return c;
    }

    /** The measured figures laid out as the paper's table, with the paper's V100 figures beside them. */
    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> figures, String device, int threads) {
        Map<String, Object> t = (Map<String, Object>) figures.get("t_wuton");
        Map<String, Object> s = (Map<String, Object>) figures.get("s_wuton");
        Map<String, Object> f = (Map<String, Object>) figures.get("s_wuton_framed");
        Map<String, Object> h = (Map<String, Object>) t.get("parsing_and_pose");
        Function<Object, String> ms = v -> String.format(Locale.ROOT, "%.1f ms", ((Number) v).doubleValue());
        StringBuilder out = new StringBuilder();
        String row = "%-26s %12s %12s %14s   %13s %13s%n";
        out.append(String.format(Locale.ROOT, "runtime per image, %sx%s, try-on on %s (%d threads); h(p) on the CPU%n",
            figures.get("height"), figures.get("width"), device, threads));
        out.append(String.format(Locale.ROOT, row, "", "T-WUTON", "S-WUTON", "S-WUTON framed", "paper T-WUTON",
            "paper S-WUTON"));
        out.append(String.format(Locale.ROOT, row, "Parsing + pose", ms.apply(t.get("parsing_and_pose_ms")),
            ms.apply(s.get("parsing_and_pose_ms")), ms.apply(f.get("parsing_and_pose_ms")), ms.apply(PAPER_PARSING_MS),
            ms.apply(0)));
        out.append(String.format(Locale.ROOT, row, "  pose (MoveNet Thunder)", ms.apply(h.get("pose_ms")), "", "", "", ""));
        out.append(String.format(Locale.ROOT, row, "  person mask (selfie)", ms.apply(h.get("person_mask_ms")), "", "", "",
            ""));
        out.append(String.format(Locale.ROOT, row, "  guessed parsing", ms.apply(h.get("guessed_parsing_ms")), "", "", "",
            ""));
        out.append(String.format(Locale.ROOT, row, "  agnostic person p*", ms.apply(h.get("agnostic_person_ms")), "", "",
            "", ""));
        out.append(String.format(Locale.ROOT, row, "Try-on", ms.apply(t.get("try_on_ms")), ms.apply(s.get("try_on_ms")),
            ms.apply(f.get("try_on_ms")), ms.apply(PAPER_TEACHER_MS), ms.apply(PAPER_STUDENT_MS)));
        out.append(String.format(Locale.ROOT, row, "Total", ms.apply(t.get("total_ms")), ms.apply(s.get("total_ms")),
            ms.apply(f.get("total_ms")), ms.apply(PAPER_PARSING_MS + PAPER_TEACHER_MS), ms.apply(PAPER_STUDENT_MS)));
        Function<Object, String> fps = v -> String.format(Locale.ROOT, "%.1f FPS", ((Number) v).doubleValue());
        out.append(String.format(Locale.ROOT, row, "", fps.apply(t.get("images_per_s")), fps.apply(s.get("images_per_s")),
            fps.apply(f.get("images_per_s")), fps.apply(MS_PER_S / (PAPER_PARSING_MS + PAPER_TEACHER_MS)),
            fps.apply(MS_PER_S / PAPER_STUDENT_MS)));
        return out.toString();
    }

    private static <T> double median(List<T> values, ToDoubleFunction<T> of) {
        return median(values.stream().mapToDouble(of).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return BenchCommand.percentile(sorted, 0.5);
    }
}
