package io.theia.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * An output line template in the syntax of Python's {@code str.format}, as the original's {@code query -F} takes it:
 * {@code {field}}, {@code {field:spec}} and {@code {field!s:spec}} with named fields only, {@code {{} and
 * {@code }}} for literal braces. The spec is the text part of Python's format-spec mini-language:
 * {@code [[fill]align][0][width][.precision][s]} with align {@code <} (the default), {@code >} or {@code ^}, so
 * {@code {source:10}} pads to 10 characters, {@code {source:>20}} right-aligns, {@code {content:.50}} cuts after 50.
 * Widths count code points, as Python does. An unknown field or a spec outside that subset is refused when the
 * template is parsed, never printed literally. Immutable, thread-safe.
 */
final class FormatTemplate {

    private final List<Part> parts;

    private FormatTemplate(List<Part> parts) {
        this.parts = parts;
    }

    /**
     * Parses a template whose fields must be among {@code fields}.
     *
     * @throws IllegalArgumentException naming the template and what is wrong with it
     */
    static FormatTemplate parse(String template, Set<String> fields) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}') {
                if (i + 1 < template.length() && template.charAt(i + 1) == '}') {
                    literal.append('}');
                    i += 2;
                } else {
                    throw problem(template, "a single '}' (write '}}' for a literal one)");
                }
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    throw problem(template, "a '{' without its '}' (write '{{' for a literal one)");
                }
                String field = template.substring(i + 1, end);
                if (field.indexOf('{') >= 0) {
                    throw problem(template, "a nested '{' in {" + field + "}: specs cannot take fields");
                }
                if (literal.length() > 0) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(Field.parse(template, field, fields));
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
        }
        return new FormatTemplate(List.copyOf(parts));
    }

    /**
     * The line for these field values; {@code decorate} gets each field's name and formatted (padded, cut) text and
     * returns what to print, e.g. the text in colour.
     */
    String render(Map<String, String> values, BiFunction<String, String, String> decorate) {
        StringBuilder line = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                line.append(literal.text);
            } else {
                Field field = (Field) part;
                line.append(decorate.apply(field.name, field.format(values.get(field.name))));
            }
        }
        return line.toString();
    }

    private static IllegalArgumentException problem(String template, String what) {
        return new IllegalArgumentException("format '" + template + "' has " + what);
    }

    private sealed interface Part permits Literal, Field {
    }

    private record Literal(String text) implements Part {
    }

    private record Field(String name, int fill, char align, int width, int precision) implements Part {

        static Field parse(String template, String text, Set<String> known) {
            int colon = text.indexOf(':');
            String head = colon < 0 ? text : text.substring(0, colon);
            String spec = colon < 0 ? "" : text.substring(colon + 1);
            int bang = head.indexOf('!');
            String name = bang < 0 ? head : head.substring(0, bang);
            if (bang >= 0 && !head.substring(bang + 1).equals("s")) {
                throw problem(template, "the conversion '!" + head.substring(bang + 1) + "' in {" + text
                        + "}: only !s is supported");
            }
            if (!known.contains(name)) {
                throw problem(template, name.isEmpty() ? "a field without a name, {" + text + "}: name it, one of "
                        + String.join(", ", known) : "the unknown field {" + name + "}: known are "
                        + String.join(", ", known));
            }
            return parseSpec(template, name, spec);
        }

        private static Field parseSpec(String template, String name, String spec) {
            int i = 0;
            int fill = ' ';
            char align = '<';
            int[] codePoints = spec.codePoints().toArray();
            if (codePoints.length >= 2 && isAlign(codePoints[1])) {
                fill = codePoints[0];
                align = (char) codePoints[1];
                i = 2;
            } else if (codePoints.length >= 1 && isAlign(codePoints[0])) {
                align = (char) codePoints[0];
                i = 1;
            }
            if (align == '=') {
                throw problem(template, "'=' alignment in {" + name + ":" + spec + "}: it is only for numbers");
            }
            if (i < codePoints.length && codePoints[i] == '0') {
                if (i == 0) {
                    fill = '0';
                }
                i++;
            }
            int width = 0;
            while (i < codePoints.length && Character.isDigit(codePoints[i])) {
                width = Math.addExact(Math.multiplyExact(width, 10), codePoints[i++] - '0');
            }
            int precision = -1;
            if (i < codePoints.length && codePoints[i] == '.') {
                i++;
                int start = i;
                precision = 0;
                while (i < codePoints.length && Character.isDigit(codePoints[i])) {
                    precision = Math.addExact(Math.multiplyExact(precision, 10), codePoints[i++] - '0');
                }
                if (i == start) {
                    throw problem(template, "a '.' without a precision in {" + name + ":" + spec + "}");
                }
            }
            if (i < codePoints.length && codePoints[i] == 's') {
                i++;
            }
            if (i < codePoints.length) {
                throw problem(template, "the spec '" + spec + "' in {" + name + ":" + spec + "}, which is not "
                        + "[[fill]align][width][.precision][s] (align < > ^; the fields are text)");
            }
            return new Field(name, fill, align, width, precision);
        }

        private static boolean isAlign(int c) {
            return c == '<' || c == '>' || c == '^' || c == '=';
        }

        String format(String value) {
            String text = value;
            int length = text.codePointCount(0, text.length());
            if (precision >= 0 && length > precision) {
                text = text.substring(0, text.offsetByCodePoints(0, precision));
                length = precision;
            }
            if (length >= width) {
                return text;
            }
            int padding = width - length;
            int left = switch (align) {
                case '>' -> padding;
                case '^' -> padding / 2;
                default -> 0;
            };
            String fillText = Character.toString(fill);
            return fillText.repeat(left) + text + fillText.repeat(padding - left);
        }
    }
}
