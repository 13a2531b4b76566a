package dev.quantum.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/** Config in, normalised config or exact error out: files under src/test/resources/config. */
class ConfigGoldenTest {

    static Stream<String> good() throws Exception {
        return cases("good");
    }

    static Stream<String> bad() throws Exception {
        return cases("bad");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void good_config_normalises_to_its_golden_file(String name) throws Exception {
        QuantumConfig config = ConfigLoader.parse(read("good", name + ".json"));
        String normalised = JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                .writeValueAsString(ConfigJson.toJson(config));
        assertThat(normalised.strip()).isEqualTo(read("good", name + ".expected.json").strip());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void normalised_config_reads_back_to_an_equal_config(String name) throws Exception {
        QuantumConfig config = ConfigLoader.parse(read("good", name + ".json"));
        QuantumConfig again = ConfigLoader.parse(ConfigJson.toJson(config).toString());
        assertThat(again).isEqualTo(config);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void bad_config_fails_with_the_exact_error(String name) throws Exception {
        String expected = read("bad", name + ".expected.txt").strip();
        assertThatThrownBy(() -> ConfigLoader.parse(read("bad", name + ".json")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(expected);
    }

    private static Stream<String> cases(String dir) throws IOException, URISyntaxException {
        Path folder = Path.of(ConfigGoldenTest.class.getResource("/config/" + dir).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.endsWith(".expected.json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .sorted().toList().stream();
        }
    }

    private static String read(String dir, String file) throws IOException, URISyntaxException {
        return Files.readString(Path.of(ConfigGoldenTest.class.getResource("/config/" + dir + "/" + file).toURI()),
                StandardCharsets.UTF_8);
    }
}
