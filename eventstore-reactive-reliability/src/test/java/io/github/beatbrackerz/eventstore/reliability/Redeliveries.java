package io.github.beatbrackerz.eventstore.reliability;

import io.github.beatbrackerz.eventstore.model.Position;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The redeliveries in the at-least-once delivery log of {@link SoakDurable}. Per segment, a
 * redelivery starts where a call's position is not after the segment's previous call (the segment
 * was resumed from a stored checkpoint, by another instance or the same one) and lasts while the
 * calls are for events handled before. Each one must stay within the bound of {@code
 * DurableSubscriptionSpec}; calls for events handled before that do not follow a rewind (which
 * would mean two instances ran one segment at once) are counted apart.
 */
record Redeliveries(int duplicates, int episodes, int sameInstance, int withoutRewind, int longest, List<Episode> longestEpisodes,
        List<Integer> lengths) {

    /** One redelivery: segment, the instance before and the one that redelivered, how many, from which position to which. */
    record Episode(int segment, String before, String by, int events, Position first, Position last) {
        @Override
        public String toString() {
            return "segment " + segment + " " + before + " -> " + by + ": " + events + " events " + first + ".." + last;
        }
    }

    private static final class Segment {
        @Nullable Position last;
        String lastInstance = "";
        @Nullable Episode open;
    }

    static Redeliveries of(List<SoakDurable.Delivery> deliveries) {
        Set<UUID> seen = new HashSet<>();
        Map<Integer, Segment> segments = new HashMap<>();
        List<Episode> episodes = new ArrayList<>();
        int duplicates = 0;
        int withoutRewind = 0;
        for (SoakDurable.Delivery d : deliveries) {
            Segment s = segments.computeIfAbsent(d.segment(), k -> new Segment());
            boolean rewind = s.last != null && !d.position().isAfter(s.last);
            if (rewind) {
                close(s, episodes);
                s.open = new Episode(d.segment(), s.lastInstance, d.instance(), 0, d.position(), d.position());
            }
            if (!seen.add(d.id())) {
                duplicates++;
                if (s.open == null) {
                    withoutRewind++;
                } else {
                    s.open = new Episode(d.segment(), s.open.before(), s.open.by(), s.open.events() + 1, s.open.first(), d.position());
                }
            } else {
                close(s, episodes);
            }
            s.last = d.position();
            s.lastInstance = d.instance();
        }
        segments.values().forEach(s -> close(s, episodes));
        episodes.sort(Comparator.comparingInt(Episode::events).reversed());
        int same = (int) episodes.stream().filter(e -> e.before().equals(e.by())).count();
        int longest = episodes.isEmpty() ? 0 : episodes.get(0).events();
        return new Redeliveries(duplicates, episodes.size(), same, withoutRewind, longest, List.copyOf(episodes.subList(0, Math.min(3, episodes.size()))),
                episodes.stream().map(Episode::events).toList());
    }

    @Override
    public String toString() {
        return "Redeliveries[duplicates=" + duplicates + ", episodes=" + episodes + ", sameInstance=" + sameInstance + ", withoutRewind="
                + withoutRewind + ", longest=" + longest + ", longestEpisodes=" + longestEpisodes + "]";
    }

    private static void close(Segment s, List<Episode> episodes) {
        if (s.open != null && s.open.events() > 0) {
            episodes.add(s.open);
        }
        s.open = null;
    }
}
