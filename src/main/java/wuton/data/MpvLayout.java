package wuton.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import wuton.common.UserError;

/**
 * MPV (the WUTON paper's dataset; no official loader, so this follows third-party ones): the
 * tab-separated {@code ROOT/all_poseA_poseB_clothes.txt} lists "poseA poseB cloth train|test" with paths
 * relative to {@code ROOT/MPV_192_256/}; parsing in {@code ROOT/all_parsing/<path stem>.png}, pose in
 * {@code ROOT/all_person_clothes_keypoints/<path stem>_keypoints.json}. Both poses of a line are persons
 * wearing the line's garment; back views (a name containing "back") are dropped, as the paper does. No
 * garment masks: the reader derives them from the garment image.
 */
final class MpvLayout implements Layout {
    static final String PAIR_FILE = "all_poseA_poseB_clothes.txt";
    private static final Pattern TABS = Pattern.compile("\t");
    private static final int POSE_A = 0;
    private static final int POSE_B = 1;
    private static final int CLOTH = 2;
    private static final int SPLIT = 3;

    @Override
    public List<SampleFiles> list(Path root, Split split, Pairing pairing, long seed) {
        Path pairFile = root.resolve(PAIR_FILE);
        Map<String, String> clothOf = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : LayoutFiles.lines(pairFile)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] columns = TABS.split(line.strip());
            if (columns.length < SPLIT + 1) {
                throw new UserError(pairFile + ":" + lineNumber + ": expected \"poseA<TAB>poseB<TAB>cloth<TAB>train|test\"");
            }
            if (columns[SPLIT].strip().equalsIgnoreCase(split.folder())) {
                for (int pose : new int[] {POSE_A, POSE_B}) {
                    if (!columns[pose].toLowerCase(Locale.ROOT).contains("back")) {
                        clothOf.putIfAbsent(columns[pose].strip(), columns[CLOTH].strip());
                    }
                }
            }
        }
        List<Pair> listed = clothOf.entrySet().stream().map(e -> new Pair(e.getKey(), e.getValue())).toList();
        Path images = root.resolve("MPV_192_256");
        return LayoutFiles.choose(listed, pairing, clothOf::get, seed).stream()
            .map(p -> new SampleFiles(LayoutFiles.stem(p.person()), LayoutFiles.stem(p.cloth()),
                LayoutFiles.image(images, p.person()), LayoutFiles.image(images, p.cloth()), null,
                root.resolve("all_parsing").resolve(LayoutFiles.stem(p.person()) + ".png"),
                root.resolve("all_person_clothes_keypoints").resolve(LayoutFiles.stem(p.person()) + "_keypoints.json"),
                null, null))
            .toList();
    }
}
