package dev.duet.explain;

/** Where the L2 normalisation of the embeddings enters the attributions (method.md section 5). */
public enum Normalization {
    /** inside each tower: the entries add up to the four-term cosine identity */
    EXACT,
    /** the published code: Jacobians of unnormalised embeddings, divided by the input pair's norms */
    PUBLISHED
}
