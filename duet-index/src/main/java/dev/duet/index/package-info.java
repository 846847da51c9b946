/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Stored image factors and text-to-image retrieval with explanations (issue 18, items 1 and 2).
 *
 * <p>{@link dev.duet.index.FactorStore} is Duet's factor store: a versioned binary file of items
 * (key, raw image embedding, reference embedding, the factor V [rows][dim] in float32 or float16)
 * whose header records {@link dev.duet.index.StoreSettings} (the model's checksum, the image
 * layer, the reference, the normalisation, the quadrature), so that factors of other settings are
 * never mixed in. {@link dev.duet.index.IndexBuilder} builds a Lucene index of an image folder
 * (embeddings in an HNSW vector field, one immutable factor store file per commit), resumably;
 * {@link dev.duet.index.DuetIndex} searches it and explains a query against its top-k results
 * with one text factor and k products {@code U V^T}.
 *
 * <p>Depends on duet-core (model, explain, image) and Lucene; never on the CLI, reports or training.
 */
package dev.duet.index;
