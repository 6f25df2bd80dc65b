package io.mindmesh.orchestrator.jobs;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes a loop that otherwise sleeps until its next safety-net poll. Signals coalesce (a loop woken
 * by ten commits runs once), and none is lost between the loop's check and its wait: the loop reads
 * {@link #version()} before it looks for work and waits only while no signal came since. A lock
 * rather than {@code synchronized}, so that a waiting virtual thread does not pin its carrier.
 */
public final class Wakeup {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private long version;

    public void signal() {
        lock.lock();
        try {
            version++;
            signalled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** Returns once signalled after {@code seen} was read, or after {@code timeout}. */
    public void await(long seen, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (version == seen && left > 0) {
                left = signalled.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }
}
