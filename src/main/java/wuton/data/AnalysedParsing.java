package wuton.data;

import wuton.common.UserError;

/**
 * The pairs of another dataset, in the same order, with each person's parsing map and keypoints found by h(p) in
 * the person photo ({@link PhotoAnalysis}) instead of read from the dataset's files: what a teacher sees of a
 * photo that comes without them. Everything else, the ground truth included, is the dataset's. A photo in which
 * h(p) finds no person is a bad sample ({@link Problem#NO_PERSON}). Thread-safe.
 */
public final class AnalysedParsing implements Dataset {
    private final Dataset exact;
    private final PhotoAnalysis analysis;

    public AnalysedParsing(Dataset exact, PhotoAnalysis analysis) {
        this.exact = exact;
        this.analysis = analysis;
    }

    @Override
    public int size() {
        return exact.size();
    }

    @Override
    public Sample get(int i) {
        Sample s = exact.get(i);
        PhotoAnalysis.Result found;
        try {
            found = analysis.analyse(s.person());
        } catch (UserError e) {
            throw new BadSampleException(Problem.NO_PERSON, exact.files(i).person(),
                e.getMessage().replaceFirst("^" + Problem.NO_PERSON.description + ": ", ""));
        }
        return new Sample(s.personId(), s.clothId(), s.person(), s.cloth(), s.clothMask(), found.parse(), found.pose(),
            s.truth(), s.truthParse());
    }

    @Override
    public SampleFiles files(int i) {
        return exact.files(i);
    }

    @Override
    public DatasetFormat format() {
        return exact.format();
    }
}
