package dev.quantum.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every JSON example in the seeds decodes and re-encodes to equal JSON. */
class SeedExamplesTest {

    static Stream<Path> seedExamples() throws IOException, URISyntaxException {
        Path dir = Path.of(SeedExamplesTest.class.getResource("/seed-examples").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(list).hasSizeGreaterThanOrEqualTo(11);
            return list.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedExamples")
    void seed_example_round_trips_to_equal_json(Path example) throws IOException {
        String json = Files.readString(example);

        String reencoded = JsonCodec.encode(JsonCodec.decodeMessage(json));

        assertThat(JsonCodec.parse(reencoded)).isEqualTo(JsonCodec.parse(json));
    }
}
