import CNdisChimneyPlatform
import Synchronization

/// Where a close blocks while handlers of its binding still run: one mutex
/// and condition variable per registry, allocated at creation. A closing
/// thread sleeps here, using no CPU, instead of spinning.
///
/// The handshake (BindingTable.waitForRundown and BindingTable.leave):
/// the closer takes the mutex, sets the slot's `closeWaiting` bit, and
/// sleeps while the slot's in-flight count is not 0. A dispatcher that takes
/// the count from 1 to 0 with that bit set takes the mutex and broadcasts.
/// It cannot broadcast between the closer's check and its sleep, because the
/// closer holds the mutex from before its check until the condition wait
/// releases it; and a count that reaches 0 before the bit is set is seen by
/// the check. So no wake-up is lost. pthread's mutex and condition variable,
/// rather than raw futex calls, so that ThreadSanitizer sees the handshake.
///
/// Copyable, two pointers, so that the binding table's header can hold it;
/// `destroy` frees it, once, when the registry's memory goes.
@usableFromInline
struct CloseWaiters {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    /// A new mutex and condition variable (on the monotonic clock), or nil
    /// when memory or either of them cannot be had.
    init?() {
        guard let mutexMemory = malloc(MemoryLayout<pthread_mutex_t>.stride) else { return nil }
        guard let conditionMemory = malloc(MemoryLayout<pthread_cond_t>.stride) else {
            free(mutexMemory)
            return nil
        }
        let mutex = mutexMemory.bindMemory(to: pthread_mutex_t.self, capacity: 1)
        let condition = conditionMemory.bindMemory(to: pthread_cond_t.self, capacity: 1)
        var attributes = pthread_condattr_t()
        var made = pthread_condattr_init(&attributes) == 0
        made = made && pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC) == 0
        made = made && pthread_cond_init(condition, &attributes) == 0
        pthread_condattr_destroy(&attributes)
        guard made else {
            free(conditionMemory)
            free(mutexMemory)
            return nil
        }
        guard pthread_mutex_init(mutex, nil) == 0 else {
            pthread_cond_destroy(condition)
            free(conditionMemory)
            free(mutexMemory)
            return nil
        }
        self.mutex = mutex
        self.condition = condition
    }

    /// Frees the mutex and condition variable. No thread may wait or wake.
    func destroy() {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        free(condition)
        free(mutex)
    }

    /// Sleeps until no dispatch is in flight on `slot` (whose close bit is
    /// set), or until `deadline` (CLOCK_MONOTONIC) passes; true when the
    /// count drained.
    func wait(for slot: UnsafeMutablePointer<BindingSlot>, until deadline: timespec?) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        slot.pointee.state.bitwiseOr(HandleBits.closeWaiting, ordering: .acquiringAndReleasing)
        while slot.pointee.inFlight != 0 {
            guard var deadline else {
                pthread_cond_wait(condition, mutex)
                continue
            }
            if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT {
                return slot.pointee.inFlight == 0
            }
        }
        return true
    }

    /// Wakes every close waiting in this registry; each looks at its own
    /// binding again. Called only by a dispatcher that saw a close waiting
    /// as it took its binding's count to 0.
    func wake() {
        pthread_mutex_lock(mutex)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }
}

/// Deadlines for the waits in CloseWaiters, on the clock it waits with.
enum Deadline {
    /// CLOCK_MONOTONIC now plus `milliseconds`.
    static func after(milliseconds: UInt32) -> timespec {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let nanoseconds = Int(now.tv_nsec) + Int(milliseconds % 1000) * 1_000_000
        return timespec(
            tv_sec: now.tv_sec + Int(milliseconds / 1000) + nanoseconds / 1_000_000_000,
            tv_nsec: nanoseconds % 1_000_000_000)
    }
}
