package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.util.List;

/** {@code min_words}: whitespace-separated words (with a letter or digit: not Markdown marks), against {@code thresholds} by depth or {@code min}. */
final class MinWordsCheck implements Check {
    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        int need = ctx.threshold(spec);
        RepoFiles.Resolved r = ctx.target(spec);
        if (!r.isFile()) {
            return List.of(Check.unreadable(spec, r, Check.count(need, "word") + ctx.atDepth(spec)));
        }
        int words = words(CheckContext.text(r));
        return List.of(Check.result(spec, r.relative(), words >= need, Check.count(words, "word") + ", need "
                + need + ctx.atDepth(spec)));
    }

    /** Whitespace-separated tokens with a letter or digit in them: Markdown marks ({@code -}, {@code #}, {@code ---}, {@code |}) are no words. */
    static int words(String text) {
        int n = 0;
        boolean inWord = false;
        boolean hasLetter = false;
        for (int i = 0; i <= text.length(); i++) {
            int c = i < text.length() ? text.codePointAt(i) : ' ';
            if (Character.isWhitespace(c)) {
                if (inWord && hasLetter) {
                    n++;
                }
                inWord = false;
                hasLetter = false;
            } else {
                inWord = true;
                hasLetter |= Character.isLetterOrDigit(c);
            }
            if (c > 0xFFFF) {
                i++;
            }
        }
        return n;
    }
}
