import CNdisChimneyPlatform

/// A value reachable only under a pthread mutex: the control-path lock of
/// the registry and of the registry directory. Never used on the dispatch
/// path.
///
/// Not `Synchronization.Mutex`: on Linux that locks with raw futex calls,
/// which ThreadSanitizer cannot see, so every access under it reads to TSan
/// as a race. pthread's mutex is intercepted, so `make sanitize` stays exact.
///
/// The value and the mutex live in memory of their own, allocated once here
/// with malloc, so that running out of memory is an answer (nil), not an
/// abort: a call through `withLock` allocates nothing, retains nothing and
/// needs no exclusivity check (the mutex is the exclusivity).
///
/// `@unchecked Sendable`: `value` is read and written only inside
/// `withLock`, between `pthread_mutex_lock` and `pthread_mutex_unlock`.
struct Locked<Value>: ~Copyable, @unchecked Sendable {
    private let value: UnsafeMutablePointer<Value>
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// The value under a new mutex, or nil when memory (or a mutex) runs out.
    init?(_ value: consuming Value) {
        guard let storage = malloc(MemoryLayout<Value>.stride) else { return nil }
        guard let mutex = malloc(MemoryLayout<pthread_mutex_t>.stride) else {
            free(storage)
            return nil
        }
        // A mutex that cannot be made is an answer too (the caller's
        // NDIS_STATUS_RESOURCES), checked here rather than in a precondition,
        // which -Ounchecked would drop.
        let lock = mutex.bindMemory(to: pthread_mutex_t.self, capacity: 1)
        guard pthread_mutex_init(lock, nil) == 0 else {
            free(mutex)
            free(storage)
            return nil
        }
        self.mutex = lock
        self.value = storage.bindMemory(to: Value.self, capacity: 1)
        self.value.initialize(to: value)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        free(mutex)
        value.deinitialize(count: 1)
        free(value)
    }

    /// Runs `body` with the value, under the lock.
    func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value.pointee)
    }
}
