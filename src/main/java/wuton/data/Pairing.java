package wuton.data;

/** Whether each person comes with the garment they wear, or with another one. */
public enum Pairing {
    /** Each person with their own garment: the person image is the ground truth. */
    PAIRED,
    /**
     * Each person with another garment: the dataset's unpaired pair file where it has one, else a seeded
     * shuffle. Ground truth only where the dataset provides it.
     */
    UNPAIRED
}
