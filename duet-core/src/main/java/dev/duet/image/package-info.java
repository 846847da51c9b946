/**
 * Turns an image file into the float pixel tensor a CLIP vision tower reads, bit for bit as
 * the reference Python pipeline makes it: PIL opens the file and converts it to RGB, PIL's
 * resampler resizes the short side, torchvision's centre crop keeps the middle, and the
 * crop is rescaled and normalised in float32 ({@code (u8 / 255 - mean) / std}).
 *
 * <p>Steps are separate classes so each can be checked against PIL on its own:
 * {@link dev.duet.image.ImageDecoder} (file to raster, with a pixel limit read from the
 * header), {@link dev.duet.image.RgbConverter} (raster to 8-bit RGB with PIL's
 * {@code convert("RGB")} rules), {@link dev.duet.image.PilResampler} (PIL's fixed-point
 * separable resampler), {@link dev.duet.image.CenterCrop} and
 * {@link dev.duet.image.PixelNormalizer}; {@link dev.duet.image.ImagePreprocessor} chains them.
 * {@link dev.duet.image.PreprocessorConfig} reads {@code preprocessor_config.json} and writes
 * OpenAI CLIP's own, with its mean and std, for the models Duet trains.
 *
 * <p>May depend on {@code java.desktop} (javax.imageio, java.awt.image), Jackson (for
 * {@code preprocessor_config.json}) and the root package ({@link dev.duet.BadInputException},
 * {@link dev.duet.InputFiles}); nothing else in Duet.
 */
package dev.duet.image;
