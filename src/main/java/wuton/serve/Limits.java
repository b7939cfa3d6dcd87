package wuton.serve;

import java.awt.image.BufferedImage;
import wuton.image.ImageDecoder;
import wuton.image.ImageLimits;
import wuton.image.Photos;

/**
 * What an upload may be: at most {@code maxUploadBytes} for the whole request, and each photo within
 * {@code images} (its pixel count read from the header before decoding, so that a small file claiming a huge
 * image is refused before it takes memory). Decoding an upload turns each refusal into its HTTP status.
 *
 * @param maxUploadBytes the most bytes one request's body may have
 * @param images the limits each uploaded photo is decoded within
 */
record Limits(long maxUploadBytes, ImageLimits images) {
    /**
     * 20 MiB for a request: a phone photo is a few MB, and each request waiting in the queue holds its decoded
     * photos, so the bound is kept well below what the JVM holds.
     */
    static final long DEFAULT_MAX_UPLOAD_BYTES = 20L << 20;

    Limits {
        if (maxUploadBytes < 1) {
            throw new IllegalArgumentException("upload limit " + maxUploadBytes + " bytes: must be at least 1");
        }
    }

    /**
     * Decodes the photo of a form field, upright and RGB.
     *
     * @throws ApiError 413 for a photo over the limits, 415 for a format wuton does not read, 400 for damaged data
     */
    BufferedImage decode(String field, byte[] bytes) {
        try {
            return Photos.decode(bytes, images);
        } catch (ImageDecoder.Refused e) {
            int status = switch (e.kind()) {
                case TOO_LARGE -> 413;
                case UNSUPPORTED_FORMAT -> 415;
                case DAMAGED -> 400;
            };
            throw new ApiError(status, "field '" + field + "': " + e.getMessage());
        }
    }

    /** The message of a request over {@link #maxUploadBytes}. */
    ApiError uploadTooLarge(long bytes) {
        String size = bytes < 0 ? "the upload is" : "the upload is " + ImageLimits.bytes(bytes) + ",";
        return new ApiError(413, size + " more than the limit of " + ImageLimits.bytes(maxUploadBytes));
    }
}
