/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import dev.duet.tokenizer.Token;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Protobuf rules the reader follows, the special ids, and inputs Python cannot produce. */
class SentencePieceModelTest {

    @Test
    void aSecondNormalizerSpecIsMergedIntoTheFirstAsProtobufDoes() throws IOException {
        Path file = SentencePieceFixtures.path(SentencePieceFixtures.UNIGRAM_NFKC_BYTES + ".model");
        byte[] bytes = Files.readAllBytes(file);
        // transformers' SiglipTokenizer: normalizer_spec.MergeFrom(NormalizerSpec(add_dummy_prefix=False))
        byte[] merged = ProtoBytes.message().raw(bytes)
                .messageField(3, ProtoBytes.message().varintField(3, 0)).bytes();
        SentencePieceModel fromFile = SentencePieceModel.parse(file, merged);
        SentencePieceModel original = SentencePieceFixtures.model(SentencePieceFixtures.UNIGRAM_NFKC_BYTES);
        SentencePieceModel overridden = original.withNormalizerSpec(original.normalizerSpec().withAddDummyPrefix(false));
        assertTrue(original.normalizerSpec().addDummyPrefix());
        assertFalse(fromFile.normalizerSpec().addDummyPrefix());
        assertEquals("nmt_nfkc", fromFile.normalizerSpec().name());
        assertArrayEquals(original.normalizerSpec().precompiledCharsmap(), fromFile.normalizerSpec().precompiledCharsmap());
        for (String text : SentencePieceFixtures.strings()) {
            assertArrayEquals(overridden.encode(text).ids(), fromFile.encode(text).ids(), SentencePieceFixtures.escape(text));
        }
        assertFalse(Arrays.equals(original.encode("a cat").ids(), fromFile.encode("a cat").ids()));
    }

    @Test
    void aNegativeInt32InTenBytesIsRead() {
        byte[] bytes = ProtoBytes.smallModel(null)
                .messageField(2, ProtoBytes.message().varintField(43, -1L).stringField(47, "</s>")).bytes();
        SentencePieceModel model = SentencePieceModel.parse(Path.of("m"), bytes);
        assertEquals(1, model.eosId());
        assertEquals(ModelType.UNIGRAM, model.trainerSpec().modelType());
    }

    @Test
    void specialIdsAreTheControlPiecesTheTrainerSpecNames() {
        SentencePieceModel identity = SentencePieceFixtures.model(SentencePieceFixtures.UNIGRAM_IDENTITY);
        assertEquals(0, identity.unknownId());
        assertEquals(1, identity.bosId());
        assertEquals(2, identity.eosId());
        assertEquals(3, identity.padId());
        assertEquals(PieceType.CONTROL, identity.piece(identity.pieceToId("<sep>")).type());
        assertEquals(identity.unknownId(), identity.pieceToId("no such piece"));
        SentencePieceModel bpe = SentencePieceFixtures.model(SentencePieceFixtures.BPE_NFKC_BYTES);
        assertEquals(-1, bpe.padId());
        assertEquals(ModelType.BPE, bpe.trainerSpec().modelType());
        assertTrue(bpe.trainerSpec().byteFallback());
    }

    @Test
    void aLoneSurrogateIsEncodedAsTheReplacementCharacter() {
        SentencePieceModel model = SentencePieceFixtures.model(SentencePieceFixtures.UNIGRAM_NFKC_BYTES);
        List<Token> lone = model.encode("a\uD800b").tokens();
        assertArrayEquals(model.encode("a\uFFFDb").ids(), lone.stream().mapToInt(Token::id).toArray());
        assertEquals(3, lone.getLast().end());
    }

    @Test
    void controlSymbolsInTheTextAreJustCharacters() {
        SentencePieceModel model = SentencePieceFixtures.model(SentencePieceFixtures.UNIGRAM_IDENTITY);
        int[] ids = model.encode("<sep></s>").ids();
        assertFalse(Arrays.stream(ids).anyMatch(id -> model.piece(id).type() == PieceType.CONTROL), Arrays.toString(ids));
    }
}
