package io.github.beatbrackerz.eventstore.durable;

import io.github.beatbrackerz.eventstore.internal.Require;
import io.github.beatbrackerz.eventstore.model.Position;

/**
 * Where a durable subscription starts when its name is new, or where a reset moves it: at the
 * beginning of history, at "now" (after every event committed when it is resolved), or after a
 * given {@link Position}. Once a name is registered, starting it again resumes from its stored
 * checkpoints and ignores the start position.
 */
public sealed interface StartPosition permits StartPosition.Beginning, StartPosition.Now, StartPosition.After {

    /** @return the whole history, from the first event */
    static StartPosition beginning() {
        return Beginning.INSTANCE;
    }

    /**
     * @return where the store's live feed stands when the subscription is registered (or reset),
     *     as its {@code Ready} signal reports it: every later commit is delivered. The feed is
     *     commit-safe, so while an older transaction is open anywhere in the database it stands a
     *     little behind, and events committed just before may be delivered too; nothing is ever
     *     skipped
     */
    static StartPosition now() {
        return Now.INSTANCE;
    }

    /**
     * @param position the exclusive start, for example a position a previous consumer stored
     * @return after that position
     * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code position}) if null
     */
    static StartPosition after(Position position) {
        return new After(position);
    }

    /** The whole history. */
    final class Beginning implements StartPosition {
        private static final Beginning INSTANCE = new Beginning();

        private Beginning() {
        }

        @Override
        public String toString() {
            return "beginning";
        }
    }

    /** After what is committed when the start is resolved. */
    final class Now implements StartPosition {
        private static final Now INSTANCE = new Now();

        private Now() {
        }

        @Override
        public String toString() {
            return "now";
        }
    }

    /**
     * After a given position.
     *
     * @param position the exclusive start
     */
    record After(Position position) implements StartPosition {

        /**
         * Validates the position.
         *
         * @param position the exclusive start
         * @throws io.github.beatbrackerz.eventstore.error.ValidationException (field {@code position}) if null
         */
        public After {
            Require.notNull("position", position);
        }
    }
}
