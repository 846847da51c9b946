package dev.duet.model;

import dev.duet.model.layer.BlockWeights;
import dev.duet.model.layer.PatchEmbedding;
import dev.duet.model.layer.ProbePooling;
import dev.duet.model.safetensors.TensorSource;

import java.util.List;

/**
 * transformers' {@code SiglipModel} checkpoint layout: {@code text_model.*} (embeddings,
 * encoder layers with separate q/k/v projections, {@code final_layer_norm}, {@code head}),
 * {@code vision_model.*} (patch convolution with bias, positions, encoder layers,
 * {@code post_layernorm}, {@code head} with {@code probe}, packed {@code attention.in_proj},
 * {@code layernorm} and {@code mlp}), {@code logit_scale} and {@code logit_bias}. The only class
 * that knows these names.
 */
final class SiglipLayout {

    /** Encoder layers are named as in transformers' CLIP. */
    private static final BlockKeys BLOCK_KEYS = HuggingFaceLayout.BLOCK_KEYS;

    private SiglipLayout() {
    }

    static SiglipModel read(TensorSource file, ClipConfig.Text text, ClipConfig.Vision vision) {
        WeightReader reader = new WeightReader(file);
        int d = text.width();
        List<BlockWeights> textBlocks = BLOCK_KEYS.read(reader, "text_model.encoder.layers.", text.layers(), d,
                text.intermediate());
        TextWeights textWeights = new TextWeights(
                reader.read("text_model.embeddings.token_embedding.weight", text.vocabSize(), d),
                reader.read("text_model.embeddings.position_embedding.weight", text.contextLength(), d),
                textBlocks,
                reader.read("text_model.final_layer_norm.weight", d),
                reader.read("text_model.final_layer_norm.bias", d),
                reader.read("text_model.head.weight", d, d),
                reader.read("text_model.head.bias", d));
        int w = vision.width();
        int p = vision.patchSize();
        int patches = vision.gridSize() * vision.gridSize();
        PatchEmbedding embedding = new PatchEmbedding(
                reader.read("vision_model.embeddings.patch_embedding.weight", w, vision.channels(), p, p),
                reader.read("vision_model.embeddings.patch_embedding.bias", w), null,
                reader.read("vision_model.embeddings.position_embedding.weight", patches, w), null, null, p,
                vision.imageSize(), w, vision.layerNormEps());
        String head = "vision_model.head.";
        ProbePooling pooling = new ProbePooling(
                reader.read("vision_model.post_layernorm.weight", w), reader.read("vision_model.post_layernorm.bias", w),
                reader.read(head + "probe", 1, 1, w),
                reader.read(head + "attention.in_proj_weight", 3L * w, w), reader.read(head + "attention.in_proj_bias", 3L * w),
                reader.read(head + "attention.out_proj.weight", w, w), reader.read(head + "attention.out_proj.bias", w),
                reader.read(head + "layernorm.weight", w), reader.read(head + "layernorm.bias", w),
                reader.read(head + "mlp.fc1.weight", vision.intermediate(), w), reader.read(head + "mlp.fc1.bias", vision.intermediate()),
                reader.read(head + "mlp.fc2.weight", w, vision.intermediate()), reader.read(head + "mlp.fc2.bias", w),
                w, vision.intermediate(), vision.heads(), vision.activation(), vision.layerNormEps());
        SiglipVisionEncoder visionEncoder = new SiglipVisionEncoder(vision, embedding,
                BLOCK_KEYS.read(reader, "vision_model.encoder.layers.", vision.layers(), w, vision.intermediate()), pooling);
        return new SiglipModel(new TextEncoder(text, textWeights, d), visionEncoder, reader.readScalar("logit_scale"),
                reader.readScalar("logit_bias"));
    }
}
