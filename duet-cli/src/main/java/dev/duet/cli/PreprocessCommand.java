/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.BadInputException;
import dev.duet.JsonFormat;
import dev.duet.Spelling;
import dev.duet.image.CropGeometry;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.ModelFamily;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "preprocess", description = "The model-input crop of an image: resize, centre crop (CLIP) or a resize to "
        + "the model's square (SigLIP), normalise (PIL-exact).")
final class PreprocessCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    PreprocessOption preprocess = new PreprocessOption();

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
        ImagePreprocessor preprocessor = preprocess.preprocessor(directory);
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
        root.put("model_family", Spelling.of(ModelFamily.of(directory)));
        root.putArray("resized").add(geometry.resizedWidth()).add(geometry.resizedHeight());
        root.putArray("crop_offset").add(geometry.cropX()).add(geometry.cropY());
        root.putArray("crop_size").add(geometry.cropWidth()).add(geometry.cropHeight());
        root.putArray("original").add(geometry.originalWidth()).add(geometry.originalHeight());
        root.put("preprocessing", result.pipeline().cliName());
        root.put("pixel_sha256", result.pixelSha256());
        if (json) {
            JsonOutput.print(spec.commandLine().getOut(), root);
        } else {
            spec.commandLine().getOut().printf("%s: %dx%d -> resized %dx%d, crop %dx%d at (%d, %d) (%s order), pixel sha256 %s%n",
                    image, geometry.originalWidth(), geometry.originalHeight(), geometry.resizedWidth(),
                    geometry.resizedHeight(), geometry.cropWidth(), geometry.cropHeight(), geometry.cropX(),
                    geometry.cropY(), result.pipeline().cliName(), result.pixelSha256());
        }
        return 0;
    }
}
