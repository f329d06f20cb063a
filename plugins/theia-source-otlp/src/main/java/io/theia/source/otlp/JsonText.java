package io.theia.source.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * Compact JSON for OpenTelemetry values, as the content shows them: a key-value list is an object, an array an
 * array, a string, boolean or number itself (an int64 as a JSON number, a NaN or infinite double as a string),
 * bytes as a base64 string, an empty value {@code null}. Stateless.
 */
final class JsonText {

    private JsonText() {
    }

    /** The value as compact JSON. */
    static String of(AnyValue value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    /** The key-value pairs that pass the filter as a compact JSON object, in order. */
    static void appendObject(StringBuilder out, List<KeyValue> pairs, Predicate<String> include) {
        out.append('{');
        boolean first = true;
        for (KeyValue pair : pairs) {
            if (!include.test(pair.getKey())) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, pair.getKey());
            out.append(':');
            append(out, pair.getValue());
        }
        out.append('}');
    }

    static void append(StringBuilder out, AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE -> appendString(out, value.getStringValue());
            case BOOL_VALUE -> out.append(value.getBoolValue());
            case INT_VALUE -> out.append(value.getIntValue());
            case DOUBLE_VALUE -> {
                double number = value.getDoubleValue();
                if (Double.isNaN(number) || Double.isInfinite(number)) {
                    appendString(out, Double.toString(number));
                } else {
                    out.append(number);
                }
            }
            case BYTES_VALUE -> appendString(out, Base64.getEncoder().encodeToString(value.getBytesValue()
                    .toByteArray()));
            case ARRAY_VALUE -> {
                out.append('[');
                List<AnyValue> values = value.getArrayValue().getValuesList();
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    append(out, values.get(i));
                }
                out.append(']');
            }
            case KVLIST_VALUE -> appendObject(out, value.getKvlistValue().getValuesList(), key -> true);
            default -> out.append("null");
        }
    }

    static void appendString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
