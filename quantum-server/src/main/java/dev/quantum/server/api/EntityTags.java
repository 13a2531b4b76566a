package dev.quantum.server.api;

import dev.quantum.server.store.Precondition;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;

/** Strong entity tags ({@code "<sha256>"}) and the conditional headers that use them. Pure functions. */
final class EntityTags {

    private EntityTags() {
    }

    static String of(String sha256) {
        return "\"" + sha256 + "\"";
    }

    /** The tags of a header value; {@code "*"} stays {@code "*"}, weak tags keep their {@code W/} prefix. */
    static List<String> parse(String header) {
        List<String> tags = new ArrayList<>();
        for (String part : header.split(",")) {
            String tag = part.trim();
            if (tag.isEmpty()) {
                continue;
            }
            boolean weak = tag.startsWith("W/");
            String bare = weak ? tag.substring(2) : tag;
            if (bare.length() >= 2 && bare.startsWith("\"") && bare.endsWith("\"")) {
                bare = bare.substring(1, bare.length() - 1);
            }
            tags.add(weak ? "W/" + bare : bare);
        }
        return tags;
    }

    /** If-None-Match for GET: weak comparison, so {@code W/"x"} matches {@code "x"}. */
    static boolean noneMatchHits(String header, String sha256) {
        if (header == null) {
            return false;
        }
        return parse(header).stream().anyMatch(t -> t.equals("*") || t.equals(sha256) || t.equals("W/" + sha256));
    }

    /** The write preconditions of a PUT or DELETE; If-Match uses strong comparison (weak tags never match). */
    static Precondition precondition(Exchange ex, boolean allowCreateOnly) {
        String ifMatch = ex.header(HttpHeader.IF_MATCH);
        String ifNoneMatch = ex.header(HttpHeader.IF_NONE_MATCH);
        List<String> match = ifMatch == null ? null
                : parse(ifMatch).stream().filter(t -> !t.startsWith("W/")).toList();
        boolean createOnly = allowCreateOnly && ifNoneMatch != null && parse(ifNoneMatch).contains("*");
        return new Precondition(match, createOnly);
    }
}
