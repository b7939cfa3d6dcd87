package wuton.model;

/** Where the perceptual-loss VGG19 weights came from; a trainer records it in its provenance. */
public enum VggWeights {
    /** Read from a safetensors file (ImageNet-trained, converted from torchvision; see docs/model.md). */
    PRETRAINED,
    /**
     * No file given: He-normal weights from a fixed seed. Deterministic, so runs stay comparable, but the
     * "perceptual" loss is then only a random-feature loss; do not report results trained with it as the paper's.
     */
    SEEDED_RANDOM
}
