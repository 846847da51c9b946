package dev.duet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.BadInputException;
import dev.duet.JsonFormat;
import dev.duet.image.CropGeometry;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessedImage;
import dev.duet.image.PreprocessorConfig;
import dev.duet.model.ClipCheckpoint;
import dev.duet.model.ClipConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "preprocess", description = "The model-input crop of an image: resize, centre crop, normalise (PIL-exact).")
final class PreprocessCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "PNG, JPEG, BMP, GIF or WebP image")
    Path image;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--save-crop", paramLabel = "OUT.png", description = "write the 8-bit crop the model sees")
    Path saveCrop;

    @Override
    public Integer call() throws IOException {
        JsonOutput.checkOutputs(java.util.List.of(image), saveCrop);
        Path directory = model.modelDirectory();
        ClipConfig config = ClipCheckpoint.readConfig(directory);
        ImagePreprocessor preprocessor = new ImagePreprocessor(
                PreprocessorConfig.forModelDirectory(directory, config.image().imageSize()));
        PreprocessedImage result = preprocessor.preprocess(image);
        if (saveCrop != null) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            if (!javax.imageio.ImageIO.write(result.cropImage(), "png", png)) {
                throw new BadInputException(saveCrop, "no PNG writer available");
            }
            JsonOutput.writeAtomically(saveCrop, png.toByteArray());
        }
        CropGeometry geometry = result.geometry();
        ObjectNode root = JsonFormat.PREPROCESSING.newDocument();
        root.putArray("resized").add(geometry.resizedWidth()).add(geometry.resizedHeight());
        root.putArray("crop_offset").add(geometry.cropX()).add(geometry.cropY());
        root.putArray("crop_size").add(geometry.cropWidth()).add(geometry.cropHeight());
        root.putArray("original").add(geometry.originalWidth()).add(geometry.originalHeight());
        root.put("pixel_sha256", result.pixelSha256());
        if (json) {
            JsonOutput.print(spec.commandLine().getOut(), root);
        } else {
            spec.commandLine().getOut().printf("%s: %dx%d -> resized %dx%d, crop %dx%d at (%d, %d), pixel sha256 %s%n",
                    image, geometry.originalWidth(), geometry.originalHeight(), geometry.resizedWidth(),
                    geometry.resizedHeight(), geometry.cropWidth(), geometry.cropHeight(), geometry.cropX(),
                    geometry.cropY(), result.pixelSha256());
        }
        return 0;
    }
}
