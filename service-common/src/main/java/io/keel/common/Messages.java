package io.keel.common;

import java.util.regex.Pattern;

/**
 * Messages shown to API callers never carry internal locations or Java names (issue 17): file paths and URLs are
 * cut to their last element ({@code file:/srv/app/lib/x.jar} -> {@code x.jar}, {@code http://10.0.0.5:8081/api/v1/prices}
 * -> {@code prices}) and exception class names are dropped. The service log keeps the full text.
 */
public final class Messages {

    private static final Pattern URL = Pattern.compile("\\b(?:https?|jar:file|file)://?[^\\s,;()'\"]*?([^/\\s,;()'\"!]+)!?(?=[\\s,;()'\"]|$)");
    private static final Pattern PATH = Pattern.compile("(?<![\\w.])(?:/[^\\s:!/,;()'\"]+)+/([^\\s:!/,;()'\"]+)");
    private static final Pattern EXCEPTION = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*");

    private Messages() {
    }

    /** {@code message} without file paths, URLs and exception class names. */
    public static String withoutInternals(String message) {
        if (message == null) {
            return null;
        }
        String s = URL.matcher(message).replaceAll("$1");
        s = PATH.matcher(s).replaceAll("$1");
        s = EXCEPTION.matcher(s).replaceAll("");
        return s.trim();
    }
}
