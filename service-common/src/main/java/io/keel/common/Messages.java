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

    private static final Pattern CANNOT_DESERIALIZE = Pattern.compile(
            "^Cannot deserialize value of type `([^`]+)` from (\\w+)(?: value)?\\b.*", Pattern.DOTALL);
    private static final Pattern BACKTICKED_TYPE = Pattern.compile("`((?:[a-z][a-z0-9_]*\\.)+[A-Za-z0-9_$.\\[\\]<>]+)`");

    /**
     * A Jackson message (as a parser of the engine words it, e.g. {@code Cannot deserialize value of type
     * `io.keel.engine.definition.BacktestDefinition` from Array value (token `JsonToken.START_ARRAY`)}) in the API's
     * words: {@code must be an object, not an array}. Types are named as JSON types, never as Java classes.
     */
    public static String jsonInDomainWords(String message) {
        if (message == null) {
            return null;
        }
        java.util.regex.Matcher m = CANNOT_DESERIALIZE.matcher(message);
        if (m.matches()) {
            String got = m.group(2).toLowerCase(java.util.Locale.ROOT);
            String shape = switch (got) {
                case "array" -> "a list";
                case "object" -> "an object";
                case "string" -> "a string";
                case "integer" -> "a whole number";
                case "floating" -> "a number";
                case "boolean" -> "true or false";
                default -> null;
            };
            return "must be " + JsonTypes.describe(m.group(1)) + (shape == null ? "" : ", not " + shape);
        }
        String s = message;
        int tail = s.indexOf(" (through reference chain");
        if (tail >= 0) {
            s = s.substring(0, tail);
        }
        tail = s.indexOf("\n at [Source");
        if (tail >= 0) {
            s = s.substring(0, tail);
        }
        java.util.regex.Matcher t = BACKTICKED_TYPE.matcher(s);
        StringBuilder b = new StringBuilder();
        while (t.find()) {
            t.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(JsonTypes.describe(t.group(1))));
        }
        t.appendTail(b);
        return withoutInternals(b.toString());
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

    /**
     * A JSON syntax error in words (issue 23): where it is and what is wrong, never Jackson's message (which quotes its
     * source and token classes), e.g. {@code malformed JSON at line 1, column 2: the body ends before its object or list
     * is closed}.
     */
    public static String malformedJson(com.fasterxml.jackson.core.JsonProcessingException e) {
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String m = String.valueOf(e.getOriginalMessage());
        String why = m.startsWith("Unexpected end-of-input") ? "the body ends before its object or list is closed"
                : m.contains("CTRL-CHAR") ? "a control character must be escaped (e.g. \\u0000) inside a string and cannot appear outside one"
                : m.startsWith("Unexpected character") || m.startsWith("Unrecognized token") ? "unexpected content (text and names are "
                + "written in double quotes)"
                : "this is not valid JSON";
        return "malformed JSON" + where + ": " + why;
    }
}
