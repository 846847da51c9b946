package dev.duet.tokenizer.sentencepiece;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.InputFiles;
import dev.duet.tokenizer.Token;
import dev.duet.tokenizer.sentencepiece.SentencePieceException.Reason;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A SentencePiece model ({@code spiece.model}, {@code tokenizer.model}) that encodes text as the
 * C++ library's {@code SentencePieceProcessor::Encode} does: normalise, segment (unigram or
 * BPE), then split unknown pieces into byte pieces when the model has byte fallback, else merge
 * runs of unknown pieces into one. Immutable and thread-safe.
 *
 * <pre>{@code
 * SentencePieceModel model = SentencePieceModel.read(Path.of("spiece.model"));
 * SentencePieceEncoding e = model.encode("A photo of a cat");
 * int[] ids = e.ids();   // e.tokens().get(k).start() .. end(): chars of the text
 * }</pre>
 */
public final class SentencePieceModel {

    /** Larger than any published model (Gemma's 262,144 pieces take 4.5 MB). */
    static final long MAX_FILE_BYTES = 64L << 20;

    private final Path file;
    private final List<Piece> pieces;
    private final TrainerSpec trainerSpec;
    private final NormalizerSpec normalizerSpec;
    private final CharsMap charsMap;           // null for the identity normaliser
    private final PieceTrie normalPieces;      // NORMAL, USER_DEFINED, UNUSED
    private final PieceTrie reservedPieces;    // UNKNOWN, CONTROL, BYTE
    private final PieceTrie userDefinedPieces; // null when there are none
    private final Map<String, Integer> idsByText;
    private final int unknownId;
    private final int[] byteIds;               // [256] ids of <0x00>..<0xFF> with byte fallback, else null
    private final TextNormalizer normalizer;
    private final Segmenter segmenter;

    private SentencePieceModel(Path file, List<Piece> pieces, TrainerSpec trainerSpec, NormalizerSpec normalizerSpec,
                               CharsMap charsMap) {
        this.file = file;
        this.pieces = pieces;
        this.trainerSpec = trainerSpec;
        this.normalizerSpec = normalizerSpec;
        this.charsMap = charsMap;
        int n = pieces.size();
        float[] scores = new float[n];
        PieceType[] types = new PieceType[n];
        List<byte[]> normalKeys = new ArrayList<>();
        List<Integer> normalIds = new ArrayList<>();
        List<byte[]> reservedKeys = new ArrayList<>();
        List<Integer> reservedIds = new ArrayList<>();
        List<byte[]> userKeys = new ArrayList<>();
        List<Integer> userIds = new ArrayList<>();
        Map<String, Integer> normalByText = new HashMap<>();
        Map<String, Integer> reservedByText = new HashMap<>();
        int unknown = -1;
        int[] bytes = trainerSpec.byteFallback() ? new int[256] : null;
        if (bytes != null) {
            Arrays.fill(bytes, -1);
        }
        // model_interface.cc InitializePieces: the same rules, refused as bad input
        for (int id = 0; id < n; id++) {
            Piece p = pieces.get(id);
            scores[id] = p.score();
            types[id] = p.type();
            if (p.text().isEmpty()) {
                throw new SentencePieceException(file, Reason.EMPTY_PIECE, "piece " + id + " is empty");
            }
            boolean normal = p.type() == PieceType.NORMAL || p.type() == PieceType.USER_DEFINED
                    || p.type() == PieceType.UNUSED;
            Map<String, Integer> byText = normal ? normalByText : reservedByText;
            if (byText.putIfAbsent(p.text(), id) != null) {
                throw new SentencePieceException(file, Reason.DUPLICATE_PIECE,
                        "piece " + id + " \"" + printable(p.text()) + "\" is also piece " + byText.get(p.text()));
            }
            byte[] key = p.text().getBytes(StandardCharsets.UTF_8);
            (normal ? normalKeys : reservedKeys).add(key);
            (normal ? normalIds : reservedIds).add(id);
            if (p.type() == PieceType.USER_DEFINED) {
                userKeys.add(key);
                userIds.add(id);
            }
            if (p.type() == PieceType.UNKNOWN) {
                if (unknown >= 0) {
                    throw new SentencePieceException(file, Reason.BAD_UNKNOWN_PIECE,
                            "pieces " + unknown + " and " + id + " are both UNKNOWN");
                }
                unknown = id;
            }
            if (p.type() == PieceType.BYTE) {
                int value = byteValue(p.text());
                if (bytes == null || value < 0) {
                    throw new SentencePieceException(file, Reason.BAD_BYTE_PIECES, "byte piece " + id + " \""
                            + printable(p.text()) + "\"" + (bytes == null ? " without byte_fallback" : " is not <0xNN>"));
                }
                bytes[value] = id;
            }
        }
        if (unknown < 0) {
            throw new SentencePieceException(file, Reason.BAD_UNKNOWN_PIECE, "no UNKNOWN piece");
        }
        if (bytes != null) {
            for (int b = 0; b < 256; b++) {
                if (bytes[b] < 0) {
                    throw new SentencePieceException(file, Reason.BAD_BYTE_PIECES,
                            String.format("byte_fallback without the byte piece <0x%02X>", b));
                }
            }
        }
        if (normalKeys.isEmpty()) {
            throw new SentencePieceException(file, Reason.NO_PIECES, "no piece that text can be segmented into");
        }
        Map<String, Integer> all = new HashMap<>(normalByText);
        all.putAll(reservedByText); // PieceToId looks at the reserved pieces first
        this.idsByText = all;
        this.unknownId = unknown;
        this.byteIds = bytes;
        this.normalPieces = PieceTrie.of(normalKeys, normalIds);
        this.reservedPieces = PieceTrie.of(reservedKeys, reservedIds);
        this.userDefinedPieces = userKeys.isEmpty() ? null : PieceTrie.of(userKeys, userIds);
        this.normalizer = new TextNormalizer(normalizerSpec, charsMap, userDefinedPieces,
                trainerSpec.treatWhitespaceAsSuffix());
        this.segmenter = switch (trainerSpec.modelType()) {
            case UNIGRAM -> new UnigramSegmenter(normalPieces, scores, types, unknownId);
            case BPE -> new BpeSegmenter(normalPieces, userDefinedPieces, scores, types, this::pieceToId);
            case WORD, CHAR -> throw new SentencePieceException(file, Reason.UNSUPPORTED_MODEL_TYPE,
                    "model type " + trainerSpec.modelType() + " (Duet reads UNIGRAM and BPE models)");
        };
    }

    /**
     * Reads and checks a model file.
     *
     * @throws SentencePieceException (a {@link BadInputException}) naming the file and what is
     *                                wrong: not a model, truncated, or inconsistent; a plain
     *                                BadInputException when it is missing, not a regular file,
     *                                larger than 64 MiB or unreadable
     */
    public static SentencePieceModel read(Path file) {
        InputFiles.checkedSize(file, MAX_FILE_BYTES);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + AtomicFiles.reason(e), e);
        }
        return parse(file, bytes);
    }

    /** A model from the bytes of a model file; {@code file} names it in errors. */
    public static SentencePieceModel parse(Path file, byte[] bytes) {
        ModelFile m = ModelFile.parse(file, bytes);
        if (m.pieces().isEmpty()) {
            throw new SentencePieceException(file, Reason.NO_PIECES, "no pieces");
        }
        return new SentencePieceModel(file, m.pieces(), m.trainerSpec(), m.normalizerSpec(), charsMap(file, m.normalizerSpec()));
    }

    private static CharsMap charsMap(Path file, NormalizerSpec spec) {
        byte[] blob = spec.precompiledCharsmap();
        return blob.length == 0 ? null : CharsMap.parse(file, blob);
    }

    /** This model with another normaliser spec (its character map from the same file), as a tokenizer that overrides the model's options does. */
    public SentencePieceModel withNormalizerSpec(NormalizerSpec spec) {
        boolean sameMap = Arrays.equals(spec.precompiledCharsmap(), normalizerSpec.precompiledCharsmap());
        return new SentencePieceModel(file, pieces, trainerSpec, spec, sameMap ? charsMap : charsMap(file, spec));
    }

    /** The pieces of {@code text}, with their ranges in it. */
    public SentencePieceEncoding encode(String text) {
        Objects.requireNonNull(text, "text");
        Utf8.Encoded input = Utf8.encode(text);
        TextNormalizer.Normalized normalized = normalizer.normalize(input.bytes());
        byte[] norm = normalized.bytes();
        int[] toOriginal = normalized.toOriginal();
        Segmenter.Segments segments = segmenter.segment(norm);
        List<Token> tokens = new ArrayList<>(segments.count());
        boolean previousUnknown = false;
        for (int k = 0; k < segments.count(); k++) {
            int from = segments.bounds()[k];
            int to = segments.bounds()[k + 1];
            int id = segments.ids()[k];
            boolean unknown = id == unknownId;
            int start = input.charIndex()[toOriginal[from]];
            int end = Math.max(start, input.charIndex()[toOriginal[to]]);
            if (unknown && byteIds != null) {
                // sentencepiece_processor.cc: the last byte piece holds the unknown char's range
                for (int b = from; b < to; b++) {
                    int byteId = byteIds[norm[b] & 0xFF];
                    tokens.add(new Token(byteId, pieces.get(byteId).text(), start, b == to - 1 ? end : start));
                }
            } else if (unknown && previousUnknown) {
                Token last = tokens.removeLast();
                tokens.add(new Token(id, last.piece() + surface(norm, from, to), last.start(), Math.max(last.start(), end)));
            } else {
                String piece = unknown ? surface(norm, from, to) : pieces.get(id).text();
                tokens.add(new Token(id, piece, start, end));
            }
            previousUnknown = unknown;
        }
        return new SentencePieceEncoding(text, tokens);
    }

    private static String surface(byte[] normalized, int from, int to) {
        return new String(normalized, from, to - from, StandardCharsets.UTF_8);
    }

    /** {@code PieceToId}: the id of a piece's text, the unknown piece's id when there is none. */
    public int pieceToId(String piece) {
        Integer id = idsByText.get(piece);
        return id == null ? unknownId : id;
    }

    private int pieceToId(byte[] bytes, int from, int to) {
        int id = reservedPieces.get(bytes, from, to);
        if (id < 0) {
            id = normalPieces.get(bytes, from, to);
        }
        return id < 0 ? unknownId : id;
    }

    /** Number of pieces: the rows of a text tower's token embedding. */
    public int size() {
        return pieces.size();
    }

    public Piece piece(int id) {
        return pieces.get(id);
    }

    public int unknownId() {
        return unknownId;
    }

    /** The id of the end-of-sentence piece (trainer_spec's eos_piece) if it is a CONTROL piece, else -1. */
    public int eosId() {
        return controlId(trainerSpec.eosPiece());
    }

    /** The id of the beginning-of-sentence piece if it is a CONTROL piece, else -1. */
    public int bosId() {
        return controlId(trainerSpec.bosPiece());
    }

    /** The id of the padding piece if it is a CONTROL piece, else -1. */
    public int padId() {
        return controlId(trainerSpec.padPiece());
    }

    private int controlId(String piece) {
        Integer id = idsByText.get(piece);
        return id != null && pieces.get(id).type() == PieceType.CONTROL ? id : -1;
    }

    public TrainerSpec trainerSpec() {
        return trainerSpec;
    }

    public NormalizerSpec normalizerSpec() {
        return normalizerSpec;
    }

    /** The file the model was read from. */
    public Path file() {
        return file;
    }

    /** 0..255 for "&lt;0x00&gt;" .. "&lt;0xFF&gt;" (upper-case hex, as ByteToPiece writes them), else -1. */
    private static int byteValue(String piece) {
        if (piece.length() != 6 || !piece.startsWith("<0x") || piece.charAt(5) != '>') {
            return -1;
        }
        int high = Character.digit(piece.charAt(3), 16);
        int low = Character.digit(piece.charAt(4), 16);
        boolean upper = Character.isDigit(piece.charAt(3)) || Character.isUpperCase(piece.charAt(3));
        upper &= Character.isDigit(piece.charAt(4)) || Character.isUpperCase(piece.charAt(4));
        return high < 0 || low < 0 || !upper ? -1 : high * 16 + low;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(40).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F) {
                b.append(String.format("\\x%02X", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
