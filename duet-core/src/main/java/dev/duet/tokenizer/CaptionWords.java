/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import dev.duet.BadInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a caption and the BPE tokens under each. A word is a maximal run of letters,
 * digits and combining marks, so punctuation and spaces separate words ("t-shirt" is the two
 * words "t" and "shirt"). A selection is found in the caption in one of two forms:
 * <ul>
 *   <li>words, e.g. {@code "red circle"}: the first place where the caption has these words
 *       one after the other, compared case-insensitively; punctuation between them is skipped;
 *   <li>a character range {@code START:END}, e.g. {@code 2:12}: characters [START, END) of
 *       the caption, counted from 0 in UTF-16 units, END exclusive.
 * </ul>
 * Either way the span holds every token whose characters overlap the selected characters.
 */
public final class CaptionWords {

    private static final Pattern CHARACTER_RANGE = Pattern.compile("\\s*(\\d{1,9})\\s*:\\s*(\\d{1,9})\\s*");

    private final Encoding encoding;
    private final List<CaptionSpan> words;
    private final List<String> keys;

    private CaptionWords(Encoding encoding) {
        this.encoding = encoding;
        this.words = new ArrayList<>();
        this.keys = new ArrayList<>();
        String text = encoding.text();
        int i = 0;
        while (i < text.length()) {
            if (!isWordChar(text, i)) {
                i += Character.charCount(text.codePointAt(i));
                continue;
            }
            int end = i;
            while (end < text.length() && isWordChar(text, end)) {
                end += Character.charCount(text.codePointAt(end));
            }
            CaptionSpan span = spanOf(i, end);
            // words cut off by the model's context length have no tokens and cannot be selected
            if (span != null) {
                words.add(span);
                keys.add(key(text.substring(i, end)));
            }
            i = end;
        }
    }

    /**
     * {@return the words of an encoded caption}
     *
     * @param encoding the caption as the model's tokenizer encoded it
     */
    public static CaptionWords of(Encoding encoding) {
        return new CaptionWords(encoding);
    }

    /** {@return the encoded caption the words are of} */
    public Encoding encoding() {
        return encoding;
    }

    /** {@return every word that reached the model, in caption order} */
    public List<CaptionSpan> words() {
        return List.copyOf(words);
    }

    /**
     * {@return the whole caption: every token of its text, between BOS (if the model has one) and EOS}
     *
     * @throws BadInputException if the caption has no tokens (it is empty or only spaces)
     */
    public CaptionSpan whole() {
        Encoding.TokenRange text = encoding.textTokens();
        if (text.isEmpty()) {
            throw new BadInputException(null, "the caption is empty: it has no tokens between BOS and EOS");
        }
        Token last = encoding.tokens().get(text.to() - 1);
        return new CaptionSpan(encoding.text().strip(), 0, last.end(), text.from(), text.to());
    }

    /**
     * Finds a span by its words ({@link #phrase}) or as {@code START:END} characters ({@link #characters}).
     *
     * @param selection words of the caption, or {@code START:END}
     * @return the span with its characters and tokens
     * @throws BadInputException if the selection is empty or names no span of the caption
     */
    public CaptionSpan find(String selection) {
        if (selection == null || selection.isBlank()) {
            throw new BadInputException(null, "the span is empty: give caption words or START:END");
        }
        Matcher range = CHARACTER_RANGE.matcher(selection);
        if (range.matches()) {
            return characters(Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2)));
        }
        return phrase(selection);
    }

    /**
     * Finds the first place where the caption has the phrase's words in a row, compared case-insensitively;
     * what lies between words (spaces, punctuation) is not compared.
     *
     * @param phrase one or more words
     * @return the span from the first word's first character to the last word's last
     * @throws BadInputException if the phrase has no words, or the caption does not have them in a row (or they lie
     *         beyond the model's context length)
     */
    public CaptionSpan phrase(String phrase) {
        List<String> wanted = new ArrayList<>();
        int i = 0;
        while (i < phrase.length()) {
            if (!isWordChar(phrase, i)) {
                i += Character.charCount(phrase.codePointAt(i));
                continue;
            }
            int end = i;
            while (end < phrase.length() && isWordChar(phrase, end)) {
                end += Character.charCount(phrase.codePointAt(end));
            }
            wanted.add(key(phrase.substring(i, end)));
            i = end;
        }
        if (wanted.isEmpty()) {
            throw new BadInputException(null, "the span \"" + oneLine(phrase) + "\" has no words");
        }
        for (int first = 0; first + wanted.size() <= keys.size(); first++) {
            if (keys.subList(first, first + wanted.size()).equals(wanted)) {
                CaptionSpan from = words.get(first);
                CaptionSpan to = words.get(first + wanted.size() - 1);
                return new CaptionSpan(encoding.text().substring(from.start(), to.end()), from.start(), to.end(),
                        from.fromToken(), to.toToken());
            }
        }
        throw new BadInputException(null, "the words \"" + oneLine(phrase) + "\" are not in the caption \""
                + oneLine(encoding.text()) + "\"" + (words.size() < countAllWords() ? " (or lie beyond the model's context)" : ""));
    }

    /**
     * Takes characters [start, end) of the caption, with the tokens that overlap them.
     *
     * @param start the first character, from 0
     * @param end   the character after the last
     * @return the span
     * @throws BadInputException if the range is empty or outside the caption, or holds no token
     */
    public CaptionSpan characters(int start, int end) {
        int length = encoding.text().length();
        if (start < 0 || end <= start || end > length) {
            throw new BadInputException(null, "the character range " + start + ":" + end
                    + " is not inside the caption's " + length + " characters (START:END, END exclusive)");
        }
        CaptionSpan span = spanOf(start, end);
        if (span == null) {
            throw new BadInputException(null, "the characters " + start + ":" + end + " (\""
                    + oneLine(encoding.text().substring(start, end)) + "\") hold no token of the caption");
        }
        return span;
    }

    /**
     * Takes tokens [from, to) of the caption's text (BOS, EOS and padding excluded), labelled with the characters
     * they cover.
     *
     * @param from the first token's position in the encoding
     * @param to   the position after the last
     * @return the span
     * @throws BadInputException if the range is empty or not inside the caption's own tokens
     */
    public CaptionSpan tokens(int from, int to) {
        Encoding.TokenRange text = encoding.textTokens();
        if (from < text.from() || to <= from || to > text.to()) {
            throw new BadInputException(null, "token range " + from + ":" + to + " is not inside " + text.from() + ":"
                    + text.to() + " (the caption's own tokens)");
        }
        int start = encoding.tokens().get(from).start();
        int end = Math.max(start, encoding.tokens().get(to - 1).end());
        return new CaptionSpan(encoding.text().substring(start, end), start, end, from, to);
    }

    /** The span of characters [start, end) with its tokens ({@link Encoding#tokensOverlapping}), or null when it holds none. */
    private CaptionSpan spanOf(int start, int end) {
        return encoding.tokensOverlapping(start, end)
                .map(tokens -> new CaptionSpan(encoding.text().substring(start, end), start, end, tokens.from(), tokens.to()))
                .orElse(null);
    }

    private int countAllWords() {
        String text = encoding.text();
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            boolean word = isWordChar(text, i);
            if (word && !inWord) {
                count++;
            }
            inWord = word;
        }
        return count;
    }

    private static boolean isWordChar(String text, int index) {
        int codePoint = text.codePointAt(index);
        int type = Character.getType(codePoint);
        return Character.isLetterOrDigit(codePoint) || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    private static String key(String word) {
        return word.toLowerCase(Locale.ROOT);
    }

    /** Control characters (newlines) would break the one-line error message. */
    static String oneLine(String text) {
        String flat = text.replaceAll("\\p{Cntrl}", " ");
        return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
    }
}
