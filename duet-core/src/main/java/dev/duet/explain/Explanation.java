package dev.duet.explain;

/**
 * A caption-image explanation: the token x (CLS + patches) interaction matrix
 * {@code A = U V^T}, whose entries add up to {@code completeness.target()} up to quadrature error.
 *
 * @param interactions [tokens][1 + patches], row-major; column 0 is CLS, patches row-major
 * @param similarity   the model's cosine similarity of the input pair
 * @param logitScale   exp(logit_scale) of the model
 */
public record Explanation(float[] interactions, int tokens, int gridRows, int gridCols, double similarity,
                          double logitScale, Completeness completeness, PathIntegral text, PathIntegral image,
                          ExplainOptions options, double seconds) {

    public Explanation withSeconds(double total) {
        return new Explanation(interactions, tokens, gridRows, gridCols, similarity, logitScale, completeness, text, image,
                options, total);
    }

    public int columns() {
        return 1 + gridRows * gridCols;
    }

    public float at(int token, int column) {
        return interactions[token * columns() + column];
    }

    /** Image map of a caption span: {@code sum_{i in span} A[i, patches]}, [gridRows * gridCols]. */
    public float[] spanMap(int fromToken, int toTokenExclusive) {
        float[] map = new float[gridRows * gridCols];
        for (int token = fromToken; token < toTokenExclusive; token++) {
            for (int p = 0; p < map.length; p++) {
                map[p] += at(token, 1 + p);
            }
        }
        return map;
    }

    /** Token scores of an image region: {@code sum_j weight_j A[token, 1 + j]} with patch weights [patches]. */
    public float[] regionScores(float[] patchWeights) {
        float[] scores = new float[tokens];
        for (int token = 0; token < tokens; token++) {
            double sum = 0;
            for (int p = 0; p < patchWeights.length; p++) {
                sum += patchWeights[p] * at(token, 1 + p);
            }
            scores[token] = (float) sum;
        }
        return scores;
    }
}
