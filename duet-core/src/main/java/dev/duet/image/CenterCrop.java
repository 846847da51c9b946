package dev.duet.image;

/**
 * torchvision's {@code CenterCrop} on an RGB image: the window starts at
 * {@code int(round((size - crop) / 2.0))} (Python's round, half to even) on each axis; an axis
 * shorter than the crop is first padded with zeros, {@code (crop - size) // 2} before and the
 * rest after, so the window then starts before the image.
 */
public final class CenterCrop {

    private CenterCrop() {
    }

    /** Start of the crop window on one axis, in image pixels (negative when padded). */
    public static int offset(int size, int cropSize) {
        if (size <= 0 || cropSize <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + size + ", " + cropSize);
        }
        if (cropSize > size) {
            return -((cropSize - size) / 2);
        }
        return (int) Math.rint((size - cropSize) / 2.0);
    }

    /** The {@code width x height} window at ({@code x}, {@code y}); pixels outside the image are black. */
    public static RgbImage apply(RgbImage image, int x, int y, int width, int height) {
        if (x == 0 && y == 0 && width == image.width() && height == image.height()) {
            return image;
        }
        RgbImage crop = RgbImage.black(width, height);
        int fromX = Math.max(x, 0);
        int toX = Math.min(x + width, image.width());
        if (fromX >= toX) {
            return crop;
        }
        int rowBytes = (toX - fromX) * 3;
        for (int row = Math.max(y, 0); row < Math.min(y + height, image.height()); row++) {
            System.arraycopy(image.pixels(), (row * image.width() + fromX) * 3,
                    crop.pixels(), ((row - y) * width + (fromX - x)) * 3, rowBytes);
        }
        return crop;
    }
}
