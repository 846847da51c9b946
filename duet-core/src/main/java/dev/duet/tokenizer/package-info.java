/**
 * CLIP's text tokenizer, exactly as OpenAI's {@code clip.tokenize}: ftfy-style text repair
 * ({@link dev.duet.tokenizer.TextFixer}), CLIP's cleaning, word splitting and byte-level BPE
 * from a checkpoint's {@code vocab.json} and {@code merges.txt}
 * ({@link dev.duet.tokenizer.ClipTokenizer}). Every token keeps the range of the caller's
 * original string it came from, carried through each cleaning step by
 * {@code MappedText}. SigLIP's tokenizer ({@link dev.duet.tokenizer.SiglipTokenizer}) carries spans
 * the same way through its own text preparation and segments the result with
 * {@link dev.duet.tokenizer.sentencepiece.SentencePieceModel}.
 *
 * <p>Depends only on the JDK, Jackson's streaming parser, {@code dev.duet.BadInputException} and
 * {@code dev.duet.tokenizer.sentencepiece};
 * the model packages depend on it, never the reverse.
 */
package dev.duet.tokenizer;
