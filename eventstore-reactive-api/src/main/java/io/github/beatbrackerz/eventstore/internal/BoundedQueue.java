package io.github.beatbrackerz.eventstore.internal;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Queue;
import reactor.util.concurrent.Queues;

/**
 * A single-producer, single-consumer queue that refuses elements beyond a capacity but allocates
 * only as it fills (in links of 64), for subscriber buffers: ten thousand subscribers with a
 * capacity of 8,192 each would otherwise preallocate hundreds of megabytes they rarely use.
 * Producers must be serialised with each other, and so must consumers (Reactor's unicast sink
 * does that for its consumer).
 *
 * @param <T> the element type
 */
public final class BoundedQueue<T> extends AbstractQueue<T> {

    private static final int LINK_SIZE = 64;

    private final Queue<T> delegate = Queues.<T>unbounded(LINK_SIZE).get();
    private final int capacity;

    /**
     * @param capacity the most elements it holds, positive
     */
    public BoundedQueue(int capacity) {
        this.capacity = (int) Require.positive("capacity", capacity);
    }

    @Override
    public boolean offer(T element) {
        return delegate.size() < capacity && delegate.offer(element);
    }

    @Override
    public T poll() {
        return delegate.poll();
    }

    @Override
    public T peek() {
        return delegate.peek();
    }

    @Override
    public int size() {
        return delegate.size();
    }

    @Override
    public boolean isEmpty() {
        return delegate.isEmpty();
    }

    @Override
    public void clear() {
        delegate.clear();
    }

    @Override
    public Iterator<T> iterator() {
        throw new UnsupportedOperationException("a subscriber buffer is not iterated");
    }
}
