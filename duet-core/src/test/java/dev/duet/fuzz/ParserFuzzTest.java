/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.BadInputException;
import dev.duet.data.BadRecordPolicy;
import dev.duet.data.CocoFiles;
import dev.duet.data.CocoReadOptions;
import dev.duet.data.CocoReader;
import dev.duet.data.DatasetSplit;
import dev.duet.data.FlickrEntitiesReader;
import dev.duet.data.HncReader;
import dev.duet.data.RecordProblems;
import dev.duet.image.ImageDecoder;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessingPipeline;
import dev.duet.image.PreprocessorConfig;
import dev.duet.model.ClipCheckpoint;
import dev.duet.model.DualEncoder;
import dev.duet.model.SentenceEncoder;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.TensorInfo;
import dev.duet.tokenizer.ClipTokenizer;
import dev.duet.tokenizer.GemmaTokenizer;
import dev.duet.tokenizer.SiglipTokenizer;
import dev.duet.tokenizer.WordPieceTokenizer;
import dev.duet.tokenizer.sentencepiece.SentencePieceModel;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzz targets (Jazzer) for the parsers of untrusted files. The only allowed outcomes are a result
 * or Duet's own {@link BadInputException}: any other exception, or a run past the time limit, is a finding.
 *
 * <p>In the default suite each target runs its checked-in seed corpus
 * ({@code src/test/resources/dev/duet/fuzz/ParserFuzzTestInputs/TARGET/}) as a regression test; with
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes the one target selected with {@code -Dtest=ParserFuzzTest#TARGET} for
 * {@code maxDuration}.
 */
class ParserFuzzTest {

    /** A fuzzed image may claim any size; a small cap keeps each input's allocation small. */
    private static final long IMAGE_PIXEL_CAP = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "30s")
    void safetensorsHeader(byte[] input) throws IOException {
        Path file = write("model.safetensors", input);
        try (SafetensorsFile weights = SafetensorsFile.open(file)) {
            for (TensorInfo tensor : weights.tensors().values()) {
                if (tensor.elementCount() <= 1 << 16) {
                    weights.readFloats(tensor.name());
                }
            }
        } catch (BadInputException expected) {
            // a refusal that names the file is the allowed outcome for bad bytes
        } finally {
            delete(file);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void clipConfig(byte[] input) throws IOException {
        Path directory = Files.createTempDirectory("duet-fuzz-");
        try {
            Files.write(directory.resolve("config.json"), input);
            ClipCheckpoint.readConfig(directory);
        } catch (BadInputException expected) {
            // allowed
        } finally {
            delete(directory.resolve("config.json"));
            delete(directory);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void openClipConfig(byte[] input) throws IOException {
        Path directory = Files.createTempDirectory("duet-fuzz-");
        try {
            Files.write(directory.resolve("open_clip_config.json"), input);
            PreprocessorConfig.forModelDirectory(directory, 224);
            ClipCheckpoint.readConfig(directory);
        } catch (BadInputException expected) {
            // allowed
        } finally {
            delete(directory.resolve("open_clip_config.json"));
            delete(directory);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void preprocessorConfig(byte[] input) throws IOException {
        Path file = write("preprocessor_config.json", input);
        try {
            PreprocessorConfig.load(file);
        } catch (BadInputException expected) {
            // allowed
        } finally {
            delete(file);
        }
    }

    /**
     * {@code vocab.json} and {@code merges.txt} built from the input, then a caption of any Unicode through them.
     * The files are assembled from fuzzed pieces, ids and merge pairs (usually valid JSON and usually merges of
     * pieces the vocabulary holds), so that inputs get past the JSON parser to the vocabulary's and merge table's
     * own checks and to the encoder; one input in eight writes fuzzed text as the files instead.
     */
    @FuzzTest(maxDuration = "30s")
    void tokenizerFiles(FuzzedDataProvider data) throws IOException {
        Path directory = Files.createTempDirectory("duet-fuzz-");
        try {
            if (data.consumeInt(0, 7) == 0) {
                Files.writeString(directory.resolve("vocab.json"), data.consumeString(4096));
                Files.writeString(directory.resolve("merges.txt"), data.consumeString(4096));
            } else {
                writeTokenizerFiles(directory, data);
            }
            ClipTokenizer tokenizer = ClipTokenizer.load(directory, data.consumeInt(2, 80));
            tokenizer.encode(data.consumeRemainingAsString());
        } catch (BadInputException expected) {
            // allowed
        } finally {
            deleteTree(directory);
        }
    }

    /** Byte-level BPE pieces as CLIP writes them: ASCII, the byte-to-Unicode map's stand-ins, the word-end mark. */
    private static final String PIECE_ALPHABET = "abcdeto .,!'\u0120\u0100\u00c4</w>";

    private static void writeTokenizerFiles(Path directory, FuzzedDataProvider data) throws IOException {
        List<String> pieces = new ArrayList<>();
        if (data.consumeBoolean()) {
            pieces.add("<|startoftext|>");
            pieces.add("<|endoftext|>");
        }
        int count = data.consumeInt(0, 48);
        for (int i = 0; i < count; i++) {
            pieces.add(data.consumeBoolean() ? piece(data) : data.consumeString(6));
        }
        var vocab = JSON.createObjectNode();
        boolean sequentialIds = data.consumeBoolean();
        for (int i = 0; i < pieces.size(); i++) {
            vocab.put(pieces.get(i), sequentialIds ? i : data.consumeInt(-2, pieces.size() + 2));
        }
        Files.writeString(directory.resolve("vocab.json"), JSON.writeValueAsString(vocab));

        StringBuilder merges = new StringBuilder(data.consumeBoolean() ? "#version: 0.2\n" : "");
        int mergeCount = pieces.isEmpty() ? 0 : data.consumeInt(0, 32);
        for (int i = 0; i < mergeCount; i++) {
            if (data.consumeInt(0, 15) == 0) {
                merges.append(data.consumeString(12));
            } else {
                merges.append(pieces.get(data.consumeInt(0, pieces.size() - 1))).append(' ')
                    .append(pieces.get(data.consumeInt(0, pieces.size() - 1)));
            }
            merges.append('\n');
        }
        Files.writeString(directory.resolve("merges.txt"), merges);
    }

    private static String piece(FuzzedDataProvider data) {
        int length = data.consumeInt(1, 4);
        StringBuilder piece = new StringBuilder();
        for (int i = 0; i < length; i++) {
            piece.append(PIECE_ALPHABET.charAt(data.consumeInt(0, PIECE_ALPHABET.length() - 1)));
        }
        return piece.toString();
    }

    /**
     * A sentence-transformers {@code modules.json} beside the tiny BERT checkpoint of the tests,
     * whose Pooling module's {@code config.json} it points to (or to another file of the folder).
     */
    @FuzzTest(maxDuration = "30s")
    void sentenceEncoderModules(byte[] input) throws IOException {
        Path directory = checkpointCopy("/dev/duet/model/bert-tiny", "config.json", "model.safetensors", "vocab.txt",
                "tokenizer_config.json", "sentence_bert_config.json", "1_Pooling/config.json");
        try {
            Files.write(directory.resolve("modules.json"), input);
            SentenceEncoder.load(directory);
        } catch (BadInputException expected) {
            // allowed
        }
    }

    /** An ALIGN {@code config.json} beside the tiny ALIGN checkpoint of the tests, loaded whole (weights read against it). */
    @FuzzTest(maxDuration = "30s")
    void alignConfig(byte[] input) throws IOException {
        Path directory = checkpointCopy("/dev/duet/model/align-tiny", "model.safetensors", "vocab.txt",
                "tokenizer_config.json", "preprocessor_config.json");
        try {
            Files.write(directory.resolve("config.json"), input);
            DualEncoder.load(directory);
        } catch (BadInputException expected) {
            // allowed
        }
    }

    /** Copies of test checkpoints, one per resource, made once per JVM (removed when it exits). */
    private static final Map<String, Path> CHECKPOINT_COPIES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A temporary folder holding {@code files} of the test checkpoint {@code resource}; the target writes its one
     * fuzzed file into it for each input, so that inputs do not pay for copying the checkpoint (a tenth of the
     * executions per second when every input copied it).
     */
    private static Path checkpointCopy(String resource, String... files) {
        return CHECKPOINT_COPIES.computeIfAbsent(resource, name -> {
            try {
                Path source = resource(name);
                Path directory = Files.createTempDirectory("duet-fuzz-");
                for (String file : files) {
                    Files.createDirectories(directory.resolve(file).getParent());
                    Files.copy(source.resolve(file), directory.resolve(file));
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        deleteTree(directory);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
                return directory;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Captions that reach every branch of BERT's text preparation and WordPiece. */
    private static final String[] BERT_CAPTIONS = {"", "Héllo, WORLD! [MASK] naïve\t\u3000x", "你好\uD840\uDC00 ΟΔΟΣ İ",
        "\u0000\u200b\ufffd\u2028 e\u0301 \uD83D\uDE00 [CLS[SEP]", "a".repeat(101)};

    /** A BERT {@code vocab.txt}, then captions through it, lower-cased and cased. */
    @FuzzTest(maxDuration = "30s")
    void wordPieceVocabulary(byte[] input) throws IOException {
        Path file = write("vocab.txt", input);
        try {
            for (boolean lowerCase : new boolean[] {true, false}) {
                WordPieceTokenizer tokenizer = WordPieceTokenizer.read(file,
                        new WordPieceTokenizer.Options(lowerCase, lowerCase, true, 16));
                for (String caption : BERT_CAPTIONS) {
                    tokenizer.pad(tokenizer.encode(caption), 16);
                }
            }
        } catch (BadInputException expected) {
            // allowed
        } finally {
            delete(file);
        }
    }

    /** Captions that reach every branch of the normaliser and both segmenters. */
    private static final String[] CAPTIONS = {"", "  A photo of THE cat &amp; the phone\t\n", "ｆｕｌｌ ｗｉｄｔｈ ①",
        "<mask>http://x </s><unk>", "e\u0301 \uD83D\uDE00 \u200b \uD800", "▁▁ x  y  ", "<eos><pad> 12 <bos>x<turn>\n\n"};

    /** A SentencePiece model file, then captions through it and through SigLIP's and SigLIP 2's text preparations. */
    @FuzzTest(maxDuration = "30s")
    void sentencePieceModel(byte[] input) throws IOException {
        Path file = write("spiece.model", input);
        try {
            SentencePieceModel model = SentencePieceModel.read(file);
            SiglipTokenizer siglip = SiglipTokenizer.of(model, SiglipTokenizer.Options.SIGLIP);
            GemmaTokenizer gemma = GemmaTokenizer.of(model, new GemmaTokenizer.Options(true, true, 8, Map.of("<turn>", 5)));
            for (String caption : CAPTIONS) {
                model.encode(caption);
                siglip.encode(caption);
                gemma.encode(caption);
            }
        } catch (BadInputException expected) {
            // allowed
        } finally {
            delete(file);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void imageDecoder(byte[] input) throws IOException {
        Path file = write("image", input);
        try {
            new ImageDecoder(IMAGE_PIXEL_CAP).decode(file);
            // and resized and cropped in the mode PIL opened it in (NEAREST, premultiplied, 32-bit paths)
            new ImagePreprocessor(PreprocessorConfig.clipDefaults(16), PreprocessingPipeline.OPENAI,
                    new ImageDecoder(IMAGE_PIXEL_CAP)).preprocess(file);
        } catch (BadInputException expected) {
            // allowed
        } finally {
            delete(file);
        }
    }

    /** A real CLIP vocabulary, BERT's WordPiece and SentencePiece models (unigram, BPE, SigLIP's), loaded once. */
    private static final class Tokenizers {
        static final ClipTokenizer CLIP = ClipTokenizer.load(Path.of("..", "models", "default"), 77);
        static final WordPieceTokenizer BERT_UNCASED = WordPieceTokenizer.read(resource("/dev/duet/model/bert-tiny/vocab.txt"),
                new WordPieceTokenizer.Options(true, true, true, 16));
        static final WordPieceTokenizer BERT_CASED = WordPieceTokenizer.read(resource("/dev/duet/model/bert-tiny/vocab.txt"),
                new WordPieceTokenizer.Options(false, false, false, 16));
        static final SentencePieceModel UNIGRAM = SentencePieceModel.read(
                resource("/dev/duet/tokenizer/sentencepiece/unigram-nfkc-bytes.model"));
        static final SentencePieceModel BPE = SentencePieceModel.read(
                resource("/dev/duet/tokenizer/sentencepiece/bpe-nfkc-bytes.model"));
        static final SiglipTokenizer SIGLIP = SiglipTokenizer.read(resource("/dev/duet/model/siglip-tiny/spiece.model"),
                SiglipTokenizer.Options.SIGLIP);
    }

    /** A caption of any Unicode (lone surrogates included) through every tokenizer with fixed, valid files. */
    @FuzzTest(maxDuration = "30s")
    void captionText(FuzzedDataProvider data) {
        String caption = data.consumeRemainingAsString();
        Tokenizers.CLIP.encode(caption);
        Tokenizers.BERT_UNCASED.pad(Tokenizers.BERT_UNCASED.encode(caption), 16);
        Tokenizers.BERT_CASED.encode(caption);
        Tokenizers.UNIGRAM.encode(caption);
        Tokenizers.BPE.encode(caption);
        Tokenizers.SIGLIP.encode(caption);
    }

    /**
     * Duet's COCO layout: {@code captions.json} is the input up to its first NUL byte (which JSON text cannot hold),
     * {@code instances.json} the rest. Bad records are skipped, so that the records after them are read too.
     */
    @FuzzTest(maxDuration = "30s")
    void cocoDataset(byte[] input) throws IOException {
        Path directory = Files.createTempDirectory("duet-fuzz-");
        try {
            byte[][] parts = splitAtFirstNul(input);
            Files.write(directory.resolve(CocoFiles.DUET_CAPTIONS), parts[0]);
            Files.write(directory.resolve(CocoFiles.DUET_INSTANCES), parts[1]);
            Files.createDirectories(directory.resolve(CocoFiles.DUET_IMAGES));
            new CocoReader(CocoReadOptions.defaults().withRequireImageFiles(false),
                    new RecordProblems(BadRecordPolicy.SKIP)).readDirectory(directory);
        } catch (BadInputException expected) {
            // allowed
        } finally {
            deleteTree(directory);
        }
    }

    /**
     * A Flickr30k Entities folder listing image 1000: {@code Annotations/1000.xml} is the input up to its first NUL
     * byte, {@code Sentences/1000.txt} the rest; {@code flickr30k-images/1000.jpg} is a 100x80 picture.
     */
    @FuzzTest(maxDuration = "30s")
    void flickrEntities(byte[] input) throws IOException {
        Path directory = Files.createTempDirectory("duet-fuzz-");
        try {
            byte[][] parts = splitAtFirstNul(input);
            for (String folder : new String[] {FlickrEntitiesReader.SENTENCES, FlickrEntitiesReader.ANNOTATIONS,
                FlickrEntitiesReader.IMAGES}) {
                Files.createDirectories(directory.resolve(folder));
            }
            Files.writeString(directory.resolve("test.txt"), "1000\n");
            Files.write(directory.resolve(FlickrEntitiesReader.ANNOTATIONS).resolve("1000.xml"), parts[0]);
            Files.write(directory.resolve(FlickrEntitiesReader.SENTENCES).resolve("1000.txt"), parts[1]);
            Files.write(directory.resolve(FlickrEntitiesReader.IMAGES).resolve("1000.jpg"), PICTURE);
            FlickrEntitiesReader.read(directory, DatasetSplit.TEST, new RecordProblems(BadRecordPolicy.SKIP));
        } catch (BadInputException expected) {
            // allowed
        } finally {
            deleteTree(directory);
        }
    }

    /** An HNC {@code *_val.json}; images 2354786 and 2354787 exist (100x80). */
    @FuzzTest(maxDuration = "30s")
    void hncDataset(byte[] input) throws IOException {
        Path directory = Files.createTempDirectory("duet-fuzz-");
        try {
            Files.write(directory.resolve("hnc_clean_strict_val.json"), input);
            Files.createDirectories(directory.resolve(HncReader.IMAGES));
            for (String id : new String[] {"2354786", "2354787"}) {
                Files.write(directory.resolve(HncReader.IMAGES).resolve(id + ".jpg"), PICTURE);
            }
            HncReader.read(directory, DatasetSplit.VAL, new RecordProblems(BadRecordPolicy.SKIP));
        } catch (BadInputException expected) {
            // allowed
        } finally {
            deleteTree(directory);
        }
    }

    /** A 100x80 PNG, the picture beside the fuzzed data-set files. */
    private static final byte[] PICTURE = png(100, 80);

    private static byte[] png(int width, int height) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The bytes before the first NUL and those after it (empty if there is none). */
    private static byte[][] splitAtFirstNul(byte[] input) {
        for (int i = 0; i < input.length; i++) {
            if (input[i] == 0) {
                return new byte[][] {Arrays.copyOfRange(input, 0, i), Arrays.copyOfRange(input, i + 1, input.length)};
            }
        }
        return new byte[][] {input, new byte[0]};
    }

    private static Path resource(String name) {
        try {
            return Path.of(ParserFuzzTest.class.getResource(name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (var files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                delete(file);
            }
        }
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        Path file = Files.createTempFile("duet-fuzz-", "-" + name);
        Files.write(file, bytes);
        return file;
    }

    private static void delete(Path path) throws IOException {
        Files.deleteIfExists(path);
    }
}
