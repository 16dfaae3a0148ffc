package io.keel.common;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;

/** The JSON types a request field expects, in the words of the API (never a Java class name). */
final class JsonTypes {

    private JsonTypes() {
    }

    static String describe(Class<?> t) {
        if (t == null) {
            return "of another type";
        }
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class || t == Short.class || t == short.class
                || t == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (t == Double.class || t == double.class || t == Float.class || t == float.class || t == java.math.BigDecimal.class) {
            return "a number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (t == String.class || t == Character.class || t == char.class) {
            return "a string";
        }
        if (t == LocalDate.class) {
            return "a date (yyyy-MM-dd)";
        }
        if (t.isEnum()) {
            StringBuilder b = new StringBuilder("one of ");
            Object[] values = t.getEnumConstants();
            for (int i = 0; i < values.length; i++) {
                b.append(i == 0 ? "" : ", ").append(values[i].toString().toLowerCase(java.util.Locale.ROOT));
            }
            return b.toString();
        }
        if (t.isArray() || Collection.class.isAssignableFrom(t)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(t) || t.isRecord() || com.fasterxml.jackson.databind.node.ObjectNode.class.isAssignableFrom(t)) {
            return "an object";
        }
        if (com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(t)) {
            return "a JSON value";
        }
        return "an object";
    }

    /** As {@link #describe(Class)} for a type known by name only (e.g. a class of a module this one cannot see). */
    static String describe(String className) {
        int generic = className.indexOf('<');
        String raw = generic >= 0 ? className.substring(0, generic) : className;
        String simple = raw.substring(raw.lastIndexOf('.') + 1);
        if (simple.endsWith("[]") || className.startsWith("[") || simple.endsWith("List") || simple.endsWith("Set")
                || simple.endsWith("Collection")) {
            return "a list";
        }
        return switch (simple) {
            case "Integer", "int", "Long", "long", "Short", "short", "BigInteger" -> "a whole number";
            case "Double", "double", "Float", "float", "BigDecimal", "Number" -> "a number";
            case "Boolean", "boolean" -> "true or false";
            case "String", "Character", "char" -> "a string";
            case "LocalDate" -> "a date (yyyy-MM-dd)";
            default -> "an object";
        };
    }

    /** A rejected value as shown back to the caller: quoted text, short. */
    static String shown(Object value) {
        String s = String.valueOf(value);
        if (s.length() > 60) {
            s = s.substring(0, 60) + "...";
        }
        return value instanceof String ? "'" + s + "'" : s;
    }
}
