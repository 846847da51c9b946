/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The layer vocabulary every use of a tower composes: inference ({@code TextEncoder},
 * {@code VisionEncoder}), the explanation engines ({@code TowerSlice} in explain) and training
 * ({@code TextTowerTrainer}, {@code VisionTowerTrainer} in train). Each layer is one class that
 * owns its forward and the derivative rules it has, side by side, with one trace type:
 *
 * <table>
 * <caption>Layers and their rules</caption>
 * <tr><th>layer</th><th>forward</th><th>tangent</th><th>cotangent</th><th>backward (weights)</th></tr>
 * <tr><td>{@link dev.duet.model.layer.TokenEmbedding}</td><td>ids to states</td><td>-</td><td>-</td><td>yes</td></tr>
 * <tr><td>{@link dev.duet.model.layer.PatchEmbedding}</td><td>pixels to states</td><td>-</td><td>-</td><td>yes</td></tr>
 * <tr><td>{@link dev.duet.model.layer.TransformerBlock}</td><td>yes (query rows)</td><td>dense and row-sparse</td><td>yes (low rank when few queries)</td><td>yes</td></tr>
 * <tr><td>{@link dev.duet.model.layer.BertEmbedding}</td><td>ids to states (word + position + type, LayerNorm)</td><td>-</td><td>-</td><td>-</td></tr>
 * <tr><td>{@link dev.duet.model.layer.PostNormBlock}</td><td>BERT's post-LN block, padding mask</td><td>yes</td><td>yes</td><td>yes (padded batch)</td></tr>
 * <tr><td>{@link dev.duet.model.layer.Pooling}</td><td>row selection, or the mean of the attended rows</td><td>same selection or mean</td><td>scatter</td><td>scatter</td></tr>
 * <tr><td>{@link dev.duet.model.layer.ProjectionHead}</td><td>LayerNorm + projection</td><td>yes</td><td>yes</td><td>yes</td></tr>
 * <tr><td>{@link dev.duet.model.layer.ResNetStem}</td><td>pixels to maps</td><td>-</td><td>-</td><td>yes</td></tr>
 * <tr><td>{@link dev.duet.model.layer.ConvNorm}</td><td>convolution (full or depthwise) + batch norm</td><td>yes</td><td>yes</td><td>yes (statistics frozen)</td></tr>
 * <tr><td>{@link dev.duet.model.layer.Bottleneck}</td><td>ResNet block</td><td>yes</td><td>yes</td><td>yes</td></tr>
 * <tr><td>{@link dev.duet.model.layer.AttentionPool}</td><td>mean-query attention + projection</td><td>yes</td><td>yes</td><td>yes</td></tr>
 * <tr><td>{@link dev.duet.model.layer.EfficientNetStem}</td><td>pixels to maps (padded bottom and right, stride 2, SiLU)</td><td>-</td><td>-</td><td>-</td></tr>
 * <tr><td>{@link dev.duet.model.layer.SqueezeExcite}</td><td>channel gate from the mean of the map</td><td>yes</td><td>yes</td><td>yes</td></tr>
 * <tr><td>{@link dev.duet.model.layer.MBConv}</td><td>EfficientNet block (expand, depthwise, squeeze-excite, project, residual)</td><td>yes</td><td>yes</td><td>yes (statistics frozen)</td></tr>
 * <tr><td>{@link dev.duet.model.layer.Readout}</td><td>a vision transformer's last state to its embedding (CLIP's CLS and head, SigLIP's probe)</td><td>yes</td><td>yes</td><td>through its head</td></tr>
 * <tr><td>{@link dev.duet.model.layer.ProbePooling}</td><td>SigLIP's LayerNorm + probe attention + MLP</td><td>yes</td><td>yes</td><td>yes</td></tr>
 * </table>
 *
 * <p>The embeddings have no tangent: explanations start at a cut above them. The ops a layer is
 * made of (Linear, LayerNorm, Attention, Activation, Convolution, DepthwiseConvolution) keep their own rules in {@code dev.duet.tensor}.
 * Depends on tensor only (and {@code BlockWeights} of the model package).
 */
package dev.duet.model.layer;
