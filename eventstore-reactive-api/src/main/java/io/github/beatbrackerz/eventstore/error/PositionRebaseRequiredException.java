package io.github.beatbrackerz.eventstore.error;

/**
 * Stored events carry transaction ids at or above the database's transaction counter: the
 * database was restored from a dump, copied by logical replication or otherwise moved to another
 * cluster, whose counter starts lower. Delivering from such a store would hold the restored events
 * back, deliver new ones before them, and make subscribers resuming from a checkpoint skip events,
 * so the store refuses instead. Not retryable: the stored positions must be rebased once (the
 * message names the operation), after which every checkpoint taken before the move still resumes
 * exactly.
 */
public class PositionRebaseRequiredException extends StorageException {

    private static final long serialVersionUID = 1L;

    /** How many stored events carry a transaction id at or above the counter. */
    private final long eventsAhead;
    /** The highest stored transaction id. */
    private final long highestTransactionId;
    /** The database's next transaction id when the check ran. */
    private final long transactionCounter;

    /**
     * Creates the failure.
     *
     * @param eventsAhead how many stored events carry a transaction id at or above the counter
     * @param highestTransactionId the highest stored transaction id
     * @param transactionCounter the database's next transaction id when this was found
     * @param fix what to run, completing the message
     */
    public PositionRebaseRequiredException(long eventsAhead, long highestTransactionId, long transactionCounter, String fix) {
        super(eventsAhead + " stored events carry transaction ids up to " + highestTransactionId
                + ", at or above this database's transaction counter " + transactionCounter
                + ": the database was restored or copied from another PostgreSQL cluster, and subscriptions would deliver"
                + " new events before restored ones and skip events after a checkpoint. " + fix, null, false);
        this.eventsAhead = eventsAhead;
        this.highestTransactionId = highestTransactionId;
        this.transactionCounter = transactionCounter;
    }

    /** @return how many stored events carry a transaction id at or above the counter */
    public long eventsAhead() {
        return eventsAhead;
    }

    /** @return the highest stored transaction id */
    public long highestTransactionId() {
        return highestTransactionId;
    }

    /** @return the database's next transaction id when the check ran */
    public long transactionCounter() {
        return transactionCounter;
    }
}
