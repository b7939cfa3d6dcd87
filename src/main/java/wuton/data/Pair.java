package wuton.data;

/** A person image and a garment image, by their file names as a pair file lists them. */
public record Pair(String person, String cloth) {
}
