package wuton.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import wuton.TryOn;
import wuton.common.UserError;
import wuton.data.PoseJson;
import wuton.data.SampleReader;
import wuton.image.ImageFiles;
import wuton.image.ImageLimits;
import wuton.image.Photos;
import wuton.image.Plane;
import wuton.labels.Keypoints;
import wuton.labels.LabelSet;

/** {@code wuton tryon}: one person, one garment, one picture of the person wearing it. */
@Command(name = "tryon", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Dresses a person in a garment. JPEG, PNG, BMP or GIF photos of any size up to --max-megapixels; the result has the person photo's"
        + " size. A student model needs nothing else. A teacher takes the person's --parse and --pose where you have"
        + " them; without them it finds them in the photo with the shipped pose and person-mask models (h(p),"
        + " docs/vision.md)."},
    footer = {"", "Example:  ./wuton tryon --person me.jpg --cloth shirt.png --out me-in-shirt.png"})
final class TryOnCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    PhotoOptions photoOptions;

    @Mixin
    FramingOption framingOption;

    @Option(names = "--person", required = true, paramLabel = "FILE", description = "The person photo.")
    Path person;

    @Option(names = "--cloth", required = true, paramLabel = "FILE", description = "The garment photo.")
    Path cloth;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "Where to write the result: .png, .jpg or .jpeg. An existing file is refused unless --force;"
            + " an input file never.")
    Path out;

    @Option(names = "--force", description = "Replace an existing --out file.")
    boolean force;

    @Option(names = "--parse", paramLabel = "FILE",
        description = "Teacher models only: the person's parsing map (LIP label ids, the person's size); with --pose."
            + " Without both, h(p) finds them in the photo.")
    Path parse;

    @Option(names = "--pose", paramLabel = "FILE",
        description = "Teacher models only: the person's OpenPose JSON; with --parse.")
    Path pose;

    @Override
    public Integer call() {
        ImageFiles.checkFormat(out);
        Outputs.checkNotAnInput("--out", out, new Outputs.Input("--person", person), new Outputs.Input("--cloth", cloth),
            new Outputs.Input("--parse", parse), new Outputs.Input("--pose", pose),
            new Outputs.Input("--model", modelOptions.model));
        Outputs.checkNewFile("--out", out, force);
        ImageLimits limits = photoOptions.limits();
        // before the model loads: a bad photo is refused at once
        BufferedImage personImage = Photos.read(person, limits);
        BufferedImage clothImage = Photos.read(cloth, limits);
        try (TryOn tryOn = modelOptions.open()) {
            tryOn.setImageLimits(limits);
            framingOption.applyTo(tryOn);
            BufferedImage result;
            try {
                result = tryOn.apply(request(tryOn, personImage, clothImage));
            } catch (UserError inPhoto) {
                // "the person photo: no person found: ...": the user knows the photo by its file name
                throw new UserError(inPhoto.getMessage().replaceFirst("^the person photo: ", person + ": "), inPhoto);
            }
            ImageFiles.write(result, out);
        }
        spec.commandLine().getOut().println(out.toAbsolutePath());
        return 0;
    }

    /** The request for this model: parsing and pose are read only for a teacher. */
    private TryOn.Request request(TryOn tryOn, BufferedImage personImage, BufferedImage clothImage) {
        if (!tryOn.needsParsing()) {
            warnIgnored(spec, tryOn, parse, pose);
            return TryOn.Request.of(personImage, clothImage);
        }
        if (parse == null && pose == null) {
            return TryOn.Request.of(personImage, clothImage); // h(p) finds them in the photo
        }
        if (parse == null || pose == null) {
            throw new UserError("give both --parse and --pose, or neither (the teacher then finds them in the photo)");
        }
        return withParsingFiles(personImage, parse, pose, clothImage);
    }

    /**
     * Says on stderr that a student leaves --parse and --pose unread, so that a user who gave them does not
     * believe they shaped the result. A warning, not an error: the result is what the student makes anyway.
     */
    static void warnIgnored(CommandSpec spec, TryOn tryOn, Path parse, Path pose) {
        if (parse != null || pose != null) {
            spec.commandLine().getErr().println(spec.name() + ": warning: " + tryOn.describe() + " is a student model,"
                + " which reads no parsing or pose: --parse and --pose are ignored");
            spec.commandLine().getErr().flush();
        }
    }

    /**
     * A teacher's request, with the person's parsing map (LIP ids) and OpenPose JSON read from their files.
     *
     * @throws UserError naming the file that is unreadable, malformed or not of the person's size
     */
    static TryOn.Request withParsingFiles(BufferedImage person, Path parse, Path pose, BufferedImage cloth) {
        Keypoints keypoints = PoseJson.read(pose, person.getWidth(), person.getHeight());
        Plane labels = new SampleReader(LabelSet.LIP).parse(parse);
        try {
            return TryOn.Request.withParsing(person, labels, keypoints, cloth);
        } catch (UserError sizeMismatch) {
            throw new UserError(parse + ": " + sizeMismatch.getMessage(), sizeMismatch);
        }
    }
}
