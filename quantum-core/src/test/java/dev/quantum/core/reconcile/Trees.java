package dev.quantum.core.reconcile;

import dev.quantum.core.RelativePath;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A compact notation for trees in tests: {@code "d/ d/x=1 a="} is folder d, file d/x with content "1", empty file a. */
final class Trees {

    private Trees() {
    }

    static Tree tree(String spec) {
        Map<RelativePath, Entry> entries = new LinkedHashMap<>();
        for (String token : spec.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.endsWith("/")) {
                entries.put(RelativePath.of(token), Entry.directory());
            } else {
                int eq = token.indexOf('=');
                String content = token.substring(eq + 1);
                entries.put(RelativePath.of(token.substring(0, eq)), Entry.file("h-" + content, content.length()));
            }
        }
        return Tree.of(entries);
    }

    static String describe(Action action) {
        return switch (action) {
            case Action.Upload u -> "upload " + u.path() + "=" + content(u.entry()) + over(u.expectedRemote());
            case Action.Download d -> "download " + d.path() + "=" + content(d.entry()) + over(d.expectedLocal());
            case Action.MkdirLocal m -> "mkdir-local " + m.path();
            case Action.MkdirRemote m -> "mkdir-remote " + m.path();
            case Action.DeleteLocal d -> "delete-local " + d.path();
            case Action.DeleteRemote d -> "delete-remote " + d.path();
            case Action.MoveLocal m -> "move-local " + m.from() + " -> " + m.to();
            case Action.MoveRemote m -> "move-remote " + m.from() + " -> " + m.to();
            case Action.KeepBoth k -> "keep-both " + k.path() + " local=" + content(k.local()) + " remote=" + content(k.remote());
            case Action.InSync s -> s.entry().map(e -> "in-sync " + s.path() + (e.isDirectory() ? "/" : "=" + content(e)))
                    .orElse("forget " + s.path());
        };
    }

    private static String over(Optional<Entry> expected) {
        return expected.map(e -> " over " + content(e)).orElse("");
    }

    private static String content(Entry e) {
        return e.isDirectory() ? "/" : e.hash().substring(2);
    }
}
