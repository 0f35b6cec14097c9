import CNdisChimneyPlatform
import Synchronization

/// Where a close blocks while calls in its slot still run (a binding's
/// handlers and the offload requests it has outstanding, an adapter's
/// completions): sixteen mutexes and condition variables per registry
/// (stripes), allocated at creation, a slot's stripe chosen by its place. A
/// closing thread sleeps here, using no CPU, instead of spinning; a call's
/// return wakes only the closes of its stripe, not every close in the
/// registry.
///
/// The handshake (`wait`, and SlotState.leave with `wake`): the closer takes
/// its stripe's mutex, sets the slot's `closeWaiting` bit, and sleeps while
/// the slot is not drained, setting the bit again before each look. A call
/// that takes the in-flight count from 1 to 0 with that bit set takes the
/// mutex, clears the bit and broadcasts; every change that can drain a slot
/// ends with such a step (a completion that takes a binding's last
/// outstanding request is itself in flight in the binding while it does).
/// It cannot broadcast between the closer's look and its sleep, because the
/// closer holds the mutex from before its look until the condition wait
/// releases it; and a slot that drains before the bit is set is seen so by
/// the look (the bit is set by a read-modify-write of the word the last
/// call's release wrote). So no wake-up is lost. The bit is clear again
/// once a close has drained its slot (the closer or the waker clears it,
/// under the mutex), so that refused calls to a closed slot never take the
/// lock. pthread's mutex and
/// condition variable, rather than raw futex calls, so that
/// ThreadSanitizer sees the handshake.
///
/// Copyable, two pointers, so that the binding table's header can hold it;
/// `destroy` frees it, once, when the registry's memory goes.
@usableFromInline
struct CloseWaiters {
    private let mutexes: UnsafeMutablePointer<pthread_mutex_t>
    private let conditions: UnsafeMutablePointer<pthread_cond_t>

    /// How many stripes; a power of two.
    static var stripes: Int { 16 }

    /// New mutexes and condition variables (on the monotonic clock), or nil
    /// when memory or any of them cannot be had.
    init?() {
        guard let mutexMemory = malloc(MemoryLayout<pthread_mutex_t>.stride * Self.stripes) else { return nil }
        guard let conditionMemory = malloc(MemoryLayout<pthread_cond_t>.stride * Self.stripes) else {
            free(mutexMemory)
            return nil
        }
        let mutexes = mutexMemory.bindMemory(to: pthread_mutex_t.self, capacity: Self.stripes)
        let conditions = conditionMemory.bindMemory(to: pthread_cond_t.self, capacity: Self.stripes)
        var made = 0
        while made < Self.stripes, Self.initialize(mutexes + made, conditions + made) { made += 1 }
        guard made == Self.stripes else {
            for stripe in 0..<made { Self.deinitialize(mutexes + stripe, conditions + stripe) }
            free(conditionMemory)
            free(mutexMemory)
            return nil
        }
        self.mutexes = mutexes
        self.conditions = conditions
    }

    /// Makes one stripe; false, having undone it, when it cannot be had.
    private static func initialize(
        _ mutex: UnsafeMutablePointer<pthread_mutex_t>, _ condition: UnsafeMutablePointer<pthread_cond_t>
    ) -> Bool {
        var attributes = pthread_condattr_t()
        var made = pthread_condattr_init(&attributes) == 0
        made = made && pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC) == 0
        made = made && pthread_cond_init(condition, &attributes) == 0
        pthread_condattr_destroy(&attributes)
        guard made else { return false }
        guard pthread_mutex_init(mutex, nil) == 0 else {
            pthread_cond_destroy(condition)
            return false
        }
        return true
    }

    private static func deinitialize(
        _ mutex: UnsafeMutablePointer<pthread_mutex_t>, _ condition: UnsafeMutablePointer<pthread_cond_t>
    ) {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
    }

    /// Frees the mutexes and condition variables. No thread may wait or wake.
    func destroy() {
        for stripe in 0..<Self.stripes { Self.deinitialize(mutexes + stripe, conditions + stripe) }
        free(conditions)
        free(mutexes)
    }

    /// The stripe of the slot at `slot`: slots sit one cache line apart, so
    /// neighbours fall in different stripes.
    private func stripe(of slot: UnsafeRawPointer) -> Int {
        Int(bitPattern: slot) >> HandleBits.slotShift & (Self.stripes - 1)
    }

    /// Sleeps until `drained` holds for the slot at `slot`, whose state is
    /// `state` and whose close bit is set, or until `deadline`
    /// (CLOCK_MONOTONIC) passes; true when it drained. On a timeout the
    /// close-waiting bit stays set, so that the last call out clears it.
    func wait(
        in slot: UnsafeRawPointer, state: borrowing SlotState, until drained: () -> Bool, deadline: timespec?
    ) -> Bool {
        let stripe = stripe(of: slot)
        pthread_mutex_lock(mutexes + stripe)
        defer { pthread_mutex_unlock(mutexes + stripe) }
        while true {
            state.markWaiting()
            if drained() { break }
            guard var deadline else {
                pthread_cond_wait(conditions + stripe, mutexes + stripe)
                continue
            }
            if pthread_cond_timedwait(conditions + stripe, mutexes + stripe, &deadline) == ETIMEDOUT, !drained() {
                return false
            }
        }
        state.clearWaiting()
        return true
    }

    /// Wakes the closes waiting in the stripe of the slot at `slot`, whose
    /// state is `state`, clearing its close-waiting bit; each looks at its
    /// own slot again (and sets its bit again). Called only by a call that
    /// saw a close waiting as it took its slot's in-flight count to 0. Out
    /// of line: only the last call out of a slot being closed comes here.
    @usableFromInline @inline(never)
    func wake(_ slot: UnsafeRawPointer, state: borrowing SlotState) {
        let stripe = stripe(of: slot)
        pthread_mutex_lock(mutexes + stripe)
        state.clearWaiting()
        pthread_cond_broadcast(conditions + stripe)
        pthread_mutex_unlock(mutexes + stripe)
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
