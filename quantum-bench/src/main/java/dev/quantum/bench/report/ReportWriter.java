package dev.quantum.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes a run as Markdown: machine, command, one summary table of every figure, then
 * each benchmark's notes. Text after the {@link #ANALYSIS_MARKER} line of an existing
 * report (the hand-written profiling analysis) is carried over, so re-running the
 * benchmark never deletes it.
 */
public final class ReportWriter {

    /** Everything after this line in the output file is kept across runs. */
    public static final String ANALYSIS_MARKER = "<!-- analysis: everything below is kept when bin/bench rewrites this file -->";

    private ReportWriter() {
    }

    public static void write(Path out, Machine machine, String command, Instant started, Duration took,
            boolean quick, List<Section> sections) throws IOException {
        String kept = "";
        if (Files.exists(out)) {
            String old = Files.readString(out, StandardCharsets.UTF_8);
            int at = old.indexOf(ANALYSIS_MARKER);
            kept = at < 0 ? "" : old.substring(at + ANALYSIS_MARKER.length());
        }
        StringBuilder md = new StringBuilder();
        md.append("# Quantum benchmarks\n\n");
        md.append("Run of ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(quick ? " (quick smoke run: tiny sizes, figures are not meaningful)" : "")
                .append(", took ").append(took.toSeconds()).append(" s.\n\n");
        md.append("- Command: `").append(command).append("`\n");
        md.append("- Machine: ").append(machine.cpu()).append(", ").append(machine.cores()).append(" cores, ")
                .append(String.format("%,d", machine.memoryMiB())).append(" MiB memory\n");
        md.append("- JDK: ").append(machine.jdk()).append("\n");
        md.append("- OS: ").append(machine.os()).append("\n\n");
        md.append("Each figure gives min / median / p90 / p99 / max over its trials (nearest rank). ")
                .append("A baseline is measured in the same run; ratio = median ÷ baseline median.\n\n");
        summary(md, sections);
        for (Section s : sections) {
            details(md, s);
        }
        md.append("\n").append(ANALYSIS_MARKER);
        md.append(kept.isEmpty() ? "\n" : kept);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".bench", ".md");
        Files.writeString(tmp, md, StandardCharsets.UTF_8);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void summary(StringBuilder md, List<Section> sections) {
        md.append("| figure | unit | n | min | median | p90 | p99 | max | baseline (median) | ratio | target | met? |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | --- |\n");
        for (Section s : sections) {
            if (!s.ok()) {
                md.append("| **").append(s.name()).append("** | | | | | | | | | | | ").append(s.problem().isEmpty() ? "no figures" : "not run: " + cell(s.problem())).append(" |\n");
                continue;
            }
            for (Figure f : s.figures()) {
                Stats st = f.stats();
                md.append("| ").append(f.id()).append(" | ").append(f.unit()).append(" | ").append(st.count())
                        .append(" | ").append(Format.number(st.min())).append(" | ").append(Format.number(st.median()))
                        .append(" | ").append(Format.number(st.p90())).append(" | ").append(Format.number(st.p99()))
                        .append(" | ").append(Format.number(st.max())).append(" | ");
                if (f.baseline() != null) {
                    md.append(cell(f.baseline().name())).append(": ").append(Format.number(f.baseline().stats().median()));
                }
                md.append(" | ").append(f.baseline() == null ? "" : Format.number(f.ratio()) + "×").append(" | ");
                if (f.target() != null) {
                    Target.Verdict v = f.target().check(f);
                    md.append(cell(f.target().describe(f.unit()))).append(" | ")
                            .append(v.met() ? "yes" : "**no**: " + cell(v.miss()));
                } else {
                    md.append(" | ");
                }
                md.append(" |\n");
            }
        }
    }

    private static void details(StringBuilder md, Section s) {
        md.append("\n## ").append(s.name()).append(": ").append(s.title()).append("\n\n");
        md.append("Took ").append(Math.round(s.seconds())).append(" s.");
        if (!s.problem().isEmpty()) {
            md.append(" Not run: ").append(s.problem());
        }
        md.append("\n\n");
        for (Figure f : s.figures()) {
            md.append("- `").append(f.id()).append("`: ").append(f.title());
            if (!f.note().isEmpty()) {
                md.append(". ").append(f.note());
            }
            if (f.baseline() != null) {
                Stats b = f.baseline().stats();
                md.append(". Baseline `").append(f.baseline().name()).append("`: min ").append(Format.number(b.min()))
                        .append(" / median ").append(Format.number(b.median())).append(" / max ").append(Format.number(b.max()))
                        .append(" ").append(f.unit()).append(" over ").append(b.count()).append(" trials");
            }
            md.append("\n");
        }
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
