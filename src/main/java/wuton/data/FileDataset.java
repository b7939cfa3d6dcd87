package wuton.data;

import java.util.List;

/** A dataset of files listed by a {@link Layout}. Immutable and thread-safe. */
final class FileDataset implements Dataset {
    private final DatasetFormat format;
    private final List<SampleFiles> files;
    private final SampleReader reader;

    FileDataset(DatasetFormat format, List<SampleFiles> files, SampleReader reader) {
        this.format = format;
        this.files = List.copyOf(files);
        this.reader = reader;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public Sample get(int i) {
        return reader.read(files.get(i));
    }

    @Override
    public SampleFiles files(int i) {
        return files.get(i);
    }

    @Override
    public DatasetFormat format() {
        return format;
    }
}
