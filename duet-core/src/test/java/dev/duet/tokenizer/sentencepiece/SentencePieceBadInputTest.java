/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import dev.duet.BadInputException;
import dev.duet.tokenizer.sentencepiece.SentencePieceException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rule a model file is checked against, one test each, and files that are not models at all. */
class SentencePieceBadInputTest {

    @TempDir
    Path dir;

    private Reason refused(byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve("spiece.model"), bytes);
        SentencePieceException e = assertThrows(SentencePieceException.class, () -> SentencePieceModel.read(file));
        assertTrue(e.getMessage().startsWith(file + ": not a usable SentencePiece model: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.reason();
    }

    @Test
    void theSmallHandWrittenModelIsAccepted() {
        SentencePieceModel model = SentencePieceModel.parse(dir.resolve("m"), ProtoBytes.smallModel(null).bytes());
        // "▁abA" (the dummy prefix): "▁a", "b", then "A", which no piece covers
        assertArrayEquals(new int[] {2, 3, 0}, model.encode("abA").ids());
    }

    @Test
    void randomBytesAreRefusedNamingTheFile() throws IOException {
        Random random = new Random(19);
        for (int i = 0; i < 300; i++) {
            byte[] bytes = new byte[1 + random.nextInt(2000)];
            random.nextBytes(bytes);
            refused(bytes);
        }
    }

    @Test
    void anEmptyFileHasNoPieces() throws IOException {
        assertEquals(Reason.NO_PIECES, refused(new byte[0]));
    }

    @Test
    void aTextFileIsNotAModel() throws IOException {
        Reason reason = refused("{\"model\": {\"type\": \"Unigram\"}}\n".getBytes());
        assertTrue(reason == Reason.BAD_WIRE_TYPE || reason == Reason.TRUNCATED || reason == Reason.BAD_FIELD_NUMBER
                || reason == Reason.WRONG_WIRE_TYPE, reason.toString());
    }

    @Test
    void aModelCutAnywhereIsRefusedOrIsAShorterValidModel() throws IOException {
        byte[] whole = Files.readAllBytes(SentencePieceFixtures.path(SentencePieceFixtures.UNIGRAM_RULES + ".model"));
        int refusedCount = 0;
        for (int cut = 1; cut < whole.length; cut += 13) {
            Path file = Files.write(dir.resolve("spiece.model"), Arrays.copyOf(whole, cut));
            try {
                SentencePieceModel.read(file).encode("The photo & the thing");
            } catch (SentencePieceException e) {
                refusedCount++;
            }
        }
        // a cut between two pieces leaves a shorter model, which SentencePiece would load too
        assertTrue(refusedCount > whole.length / 13 / 2, "only " + refusedCount + " cuts refused");
        assertEquals(Reason.TRUNCATED, refused(Arrays.copyOf(whole, whole.length / 2)));
        assertEquals(Reason.TRUNCATED, refused(Arrays.copyOf(whole, whole.length - 1)));
    }

    @Test
    void aLengthPastTheEndIsTruncated() throws IOException {
        byte[] huge = ProtoBytes.message().tag(1, ProtoReader.LENGTH_DELIMITED).varint(0x7FFF_FFFFL).raw((byte) 0).bytes();
        assertEquals(Reason.TRUNCATED, refused(huge));
        byte[] negative = ProtoBytes.message().tag(1, ProtoReader.LENGTH_DELIMITED).varint(-1L).bytes();
        assertEquals(Reason.TRUNCATED, refused(negative));
        byte[] inner = ProtoBytes.message().messageField(1, ProtoBytes.message()
                .tag(1, ProtoReader.LENGTH_DELIMITED).varint(50).raw("abc".getBytes())).bytes();
        assertEquals(Reason.TRUNCATED, refused(inner));
        byte[] shortFloat = ProtoBytes.message().messageField(1, ProtoBytes.message()
                .tag(2, ProtoReader.FIXED32).raw((byte) 1, (byte) 2)).bytes();
        assertEquals(Reason.TRUNCATED, refused(shortFloat));
    }

    @Test
    void aVarintThatDoesNotEndIsRefused() throws IOException {
        assertEquals(Reason.BAD_VARINT, refused(new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF}));
        byte[] eleven = new byte[12];
        Arrays.fill(eleven, (byte) 0xFF);
        eleven[0] = 0x38; // field 7 (unknown, skipped), varint
        eleven[11] = 0x01;
        assertEquals(Reason.BAD_VARINT, refused(eleven));
    }

    @Test
    void groupsAndReservedWireTypesAreRefused() throws IOException {
        assertEquals(Reason.BAD_WIRE_TYPE, refused(new byte[] {0x0B, 0x0C}));
        assertEquals(Reason.BAD_WIRE_TYPE, refused(new byte[] {0x0E}));
    }

    @Test
    void fieldNumberZeroIsRefused() throws IOException {
        assertEquals(Reason.BAD_FIELD_NUMBER, refused(new byte[] {0x02, 0x00}));
    }

    @Test
    void aKnownFieldWithAnotherWireTypeIsRefused() throws IOException {
        assertEquals(Reason.WRONG_WIRE_TYPE, refused(ProtoBytes.message().varintField(1, 5).bytes()));
    }

    @Test
    void aPieceThatIsNotUtf8IsRefused() throws IOException {
        byte[] bytes = ProtoBytes.smallModel(null).messageField(1, ProtoBytes.message()
                .bytesField(1, new byte[] {(byte) 0xC3, 0x28})).bytes();
        assertEquals(Reason.BAD_UTF8, refused(bytes));
    }

    @Test
    void anUndefinedEnumValueIsRefused() throws IOException {
        byte[] pieceType = ProtoBytes.smallModel(null).messageField(1, ProtoBytes.message()
                .stringField(1, "c").varintField(3, 9)).bytes();
        assertEquals(Reason.UNKNOWN_ENUM_VALUE, refused(pieceType));
        byte[] modelType = ProtoBytes.smallModel(null).messageField(2, ProtoBytes.message().varintField(3, 7)).bytes();
        assertEquals(Reason.UNKNOWN_ENUM_VALUE, refused(modelType));
    }

    @Test
    void wordAndCharModelsAreRefused() throws IOException {
        byte[] word = ProtoBytes.smallModel(null).messageField(2, ProtoBytes.message().varintField(3, 3)).bytes();
        assertEquals(Reason.UNSUPPORTED_MODEL_TYPE, refused(word));
    }

    @Test
    void aModelWithoutSegmentablePiecesIsRefused() throws IOException {
        byte[] onlyUnknown = ProtoBytes.message().messageField(1, ProtoBytes.piece("<unk>", 0f, PieceType.UNKNOWN)).bytes();
        assertEquals(Reason.NO_PIECES, refused(onlyUnknown));
    }

    @Test
    void anEmptyPieceIsRefused() throws IOException {
        byte[] bytes = ProtoBytes.smallModel(null).messageField(1, ProtoBytes.piece("", 0f, PieceType.NORMAL)).bytes();
        assertEquals(Reason.EMPTY_PIECE, refused(bytes));
    }

    @Test
    void aDuplicatePieceIsRefused() throws IOException {
        byte[] bytes = ProtoBytes.smallModel(null).messageField(1, ProtoBytes.piece("b", -3f, PieceType.USER_DEFINED)).bytes();
        assertEquals(Reason.DUPLICATE_PIECE, refused(bytes));
    }

    @Test
    void exactlyOneUnknownPieceIsRequired() throws IOException {
        byte[] none = ProtoBytes.message().messageField(1, ProtoBytes.piece("a", -1f, PieceType.NORMAL)).bytes();
        assertEquals(Reason.BAD_UNKNOWN_PIECE, refused(none));
        byte[] two = ProtoBytes.smallModel(null).messageField(1, ProtoBytes.piece("<unk2>", 0f, PieceType.UNKNOWN)).bytes();
        assertEquals(Reason.BAD_UNKNOWN_PIECE, refused(two));
    }

    @Test
    void bytePiecesMustBeAllOfThemAndOnlyWithByteFallback() throws IOException {
        byte[] withoutFallback = ProtoBytes.smallModel(null).messageField(1, ProtoBytes.piece("<0x41>", 0f, PieceType.BYTE)).bytes();
        assertEquals(Reason.BAD_BYTE_PIECES, refused(withoutFallback));
        ProtoBytes fallback = ProtoBytes.smallModel(null).messageField(2, ProtoBytes.message().varintField(35, 1));
        assertEquals(Reason.BAD_BYTE_PIECES, refused(fallback.bytes()));
        for (int b = 0; b < 255; b++) {
            fallback.messageField(1, ProtoBytes.piece(String.format("<0x%02X>", b), 0f, PieceType.BYTE));
        }
        byte[] badName = ProtoBytes.message().raw(fallback.bytes())
                .messageField(1, ProtoBytes.piece("<0xfF>", 0f, PieceType.BYTE)).bytes();
        assertEquals(Reason.BAD_BYTE_PIECES, refused(badName));
        byte[] complete = ProtoBytes.message().raw(fallback.bytes())
                .messageField(1, ProtoBytes.piece("<0xFF>", 0f, PieceType.BYTE)).bytes();
        SentencePieceModel model = SentencePieceModel.parse(dir.resolve("m"), complete);
        // "c" is unknown: its one UTF-8 byte becomes <0x63>, the piece after the 4 + 0x63 before it
        assertArrayEquals(new int[] {2, 4 + 0x63}, model.encode("ac").ids());
    }

    @Test
    void aBrokenCharacterMapIsRefused() throws IOException {
        byte[] map = SentencePieceFixtures.model(SentencePieceFixtures.UNIGRAM_RULES).normalizerSpec().precompiledCharsmap();
        int trieSize = (map[0] & 0xFF) | (map[1] & 0xFF) << 8 | (map[2] & 0xFF) << 16 | (map[3] & 0xFF) << 24;
        assertEquals(Reason.BAD_CHARSMAP, refusedMap(new byte[] {1, 0, 0}));
        byte[] tooLong = map.clone();
        tooLong[3] = 0x7F; // trie size past the blob
        assertEquals(Reason.BAD_CHARSMAP, refusedMap(tooLong));
        byte[] rootOutside = map.clone();
        rootOutside[4 + 3] = (byte) 0xFF; // unit 0's offset bits: the root lies past the units
        rootOutside[4 + 2] = (byte) 0xFF;
        assertEquals(Reason.BAD_CHARSMAP, refusedMap(rootOutside));
        byte[] noStrings = Arrays.copyOf(map, 4 + trieSize + 1); // replacements cut after their first byte
        assertEquals(Reason.BAD_CHARSMAP, refusedMap(noStrings));
    }

    private Reason refusedMap(byte[] charsmap) throws IOException {
        return refused(ProtoBytes.smallModel(ProtoBytes.message().stringField(1, "broken").bytesField(2, charsmap)).bytes());
    }

    @Test
    void aMissingFileOrAFolderIsBadInputNamingIt() {
        BadInputException missing = assertThrows(BadInputException.class,
                () -> SentencePieceModel.read(dir.resolve("absent.model")));
        assertTrue(missing.getMessage().contains("absent.model"), missing.getMessage());
        BadInputException folder = assertThrows(BadInputException.class, () -> SentencePieceModel.read(dir));
        assertTrue(folder.getMessage().contains(dir.toString()), folder.getMessage());
    }
}
