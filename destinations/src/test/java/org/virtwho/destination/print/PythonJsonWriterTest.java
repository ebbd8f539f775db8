package org.virtwho.destination.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each expected text is what Python 3's {@code json.dumps(value, indent=4)} prints for the same value. */
class PythonJsonWriterTest {

    private static String write(Object value) throws IOException {
        StringWriter out = new StringWriter();
        new PythonJsonWriter(out).write(value);
        return out.toString();
    }

    @Test
    void nestedContainersIndentByFourWithoutTrailingSpaces() throws IOException {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", List.of(1, "x"));
        value.put("a", Map.of());
        value.put("c", List.of());
        value.put("d", null);
        value.put("e", true);
        assertThat(write(value)).isEqualTo("""
                {
                    "b": [
                        1,
                        "x"
                    ],
                    "a": {},
                    "c": [],
                    "d": null,
                    "e": true
                }""");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "plain | \"plain\"",
            "quote\" | \"quote\\\"\"",
            "back\\slash | \"back\\\\slash\"",
            "caf\u00e9 | \"caf\\u00e9\"",
            "\u2023 | \"\\u2023\"",
            "\ud83d\ude00 | \"\\ud83d\\ude00\"",
            "del\u007f | \"del\\u007f\"",
            "a\tb | \"a\\tb\"",
            "a\u0007b | \"a\\u0007b\"",
    })
    void stringsAreEscapedAsPythonEnsureAscii(String input, String expected) throws IOException {
        assertThat(write(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "1.5, 1.5",
            "2.0, 2.0",
            "1e16, 1e+16",
            "0.0001, 0.0001",
            "0.00001, 1e-05",
            "10000000.0, 10000000.0",
            "123.456, 123.456",
    })
    void floatsAreWrittenAsPythonRepr(double input, String expected) {
        assertThat(PythonJsonWriter.number(input)).isEqualTo(expected);
    }

    @Test
    void integersAreWrittenAsIs() {
        assertThat(PythonJsonWriter.number(2)).isEqualTo("2");
        assertThat(PythonJsonWriter.number(12345678901234L)).isEqualTo("12345678901234");
    }
}
